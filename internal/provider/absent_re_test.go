package provider

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// absentRE returns a regular expression that matches a text exactly when
// it does not contain s, for ExpectError: terraform-plugin-testing only
// tests an error against a regexp, and RE2 has no negative lookahead, so
// "the error does not show the token" must be spelled as a regexp.
//
// s must not repeat a character (a test secret can be chosen so). Then a
// text without s is, left to right, a sequence of: characters other than
// s[0]; proper prefixes of s followed by a character that neither extends
// them nor is s[0]; proper prefixes of s followed by another prefix or the
// end of the text. Since s[0] occurs in s only at its start, no such
// sequence can contain s.
func absentRE(t *testing.T, s string) *regexp.Regexp {
	t.Helper()
	if len(s) < 2 {
		t.Fatalf("absentRE(%q): want at least 2 characters", s)
	}
	seen := map[rune]bool{}
	for _, r := range s {
		if seen[r] {
			t.Fatalf("absentRE(%q): %q repeats", s, r)
		}
		seen[r] = true
	}
	runes := []rune(s)
	var bare, broken []string // prefix alone; prefix + a character that ends the match
	for j := 1; j < len(runes); j++ {
		prefix := regexp.QuoteMeta(string(runes[:j]))
		bare = append(bare, prefix)
		broken = append(broken, prefix+`[^`+escapeClass(runes[j])+escapeClass(runes[0])+`]`)
	}
	c := `(?:` + strings.Join(bare, `|`) + `)`
	b := `(?:` + strings.Join(broken, `|`) + `)`
	return regexp.MustCompile(`(?s)\A(?:[^` + escapeClass(runes[0]) + `]|` + c + `*` + b + `)*` + c + `*\z`)
}

// escapeClass escapes r for use inside a character class.
func escapeClass(r rune) string {
	if strings.ContainsRune(`\]^-[`, r) {
		return `\` + string(r)
	}
	return string(r)
}

func TestAbsentRE(t *testing.T) {
	t.Parallel()
	const secret = "ZkSECRT9876"
	re := absentRE(t, secret)
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"", true},
		{"no secret here", true},
		{secret, false},
		{"Error: ... " + secret + " ...", false},
		{"ZkSECRT987", true},            // one character short
		{"ZkSECRT98ZkSECRT9876", false}, // a partial match, then the secret
		{"ZZkSECRT9876", false},         // the secret after a repeated first character
		{"ZkSECZkSECRT9876x", false},
		{"ZkSECRT987\n6", true},
		{"line\nZkSECRT9876\nline", false},
	} {
		if got := re.MatchString(tc.text); got != tc.want {
			t.Errorf("absentRE matches %q = %v, want %v", tc.text, got, tc.want)
		}
	}
	// Random texts over the secret's characters and a few others agree
	// with strings.Contains.
	alphabet := []rune(secret + "ab\n-")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		n := rng.IntN(30)
		var sb strings.Builder
		for range n {
			if rng.IntN(4) == 0 {
				sb.WriteString(secret[:rng.IntN(len(secret)+1)])
			}
			sb.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		text := sb.String()
		if got, want := re.MatchString(text), !strings.Contains(text, secret); got != want {
			t.Fatalf("absentRE matches %q = %v, want %v", text, got, want)
		}
	}
}
