package fwtypes

import (
	"regexp"
	"strings"
)

// ldhLabelRE matches one hostname label of any length: ASCII letters,
// digits and hyphens, not starting or ending with a hyphen.
var ldhLabelRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$`)

// hostnameOracle reports whether s is a valid hostname, computed
// differently from ValidateHostname (split and regular expression instead
// of a byte scan). Counted repetitions like {0,61} are avoided on purpose:
// they make the regular expression slow enough to stall fuzzing.
func hostnameOracle(s string) bool {
	name := strings.TrimSuffix(s, ".")
	if name == "" || len(name) > 253 {
		return false
	}
	for _, label := range strings.Split(name, ".") {
		if len(label) > 63 || !ldhLabelRE.MatchString(label) {
			return false
		}
	}
	return true
}
