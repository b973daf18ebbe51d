// Package ionosconfig reads the shared IONOS configuration file, the YAML
// file that ionosctl and the IONOS SDKs use, for the two values this
// provider can take from it: the API token of a profile and an endpoint
// override for the DNS product.
//
// The format (version 1.0) as the IONOS Go SDK bundle reads it
// (github.com/ionos-cloud/sdk-go-bundle, shared/fileconfiguration):
//
//	version: 1.0
//	currentProfile: prod
//	profiles:
//	  - name: prod
//	    environment: production
//	    credentials:
//	      token: <token>          # username and password are not used here
//	environments:
//	  - name: production
//	    products:
//	      - name: dns
//	        endpoints:
//	          - location: de/fra
//	            name: https://dns.de-fra.ionos.com
//
// The file is $HOME/.ionos/config unless IONOS_CONFIG_FILE names another
// one; the profile is IONOS_CURRENT_PROFILE, else the file's
// currentProfile. Profile, environment and product names match without
// regard to case or surrounding white space, as in the SDK.
//
// Nothing in this package logs, and no error it returns contains the token
// or any other value of the file: errors name the file and, where it
// helps, a profile, an environment or a line number.
package ionosconfig

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"

	"gopkg.in/yaml.v3"
)

// Environment variables, with the names the IONOS SDKs and ionosctl use.
const (
	// EnvConfigFile names the configuration file.
	EnvConfigFile = "IONOS_CONFIG_FILE"
	// EnvCurrentProfile names the profile, overriding currentProfile.
	EnvCurrentProfile = "IONOS_CURRENT_PROFILE"
)

// ProductDNS is the product name of the Cloud DNS API in the file.
const ProductDNS = "dns"

// PreferredLocation is the location whose DNS endpoint is taken when the
// product lists several; it is the region of the provider's default
// endpoint.
const PreferredLocation = "de/fra"

// maxFileSize bounds what Load reads: a configuration file is a few
// kilobytes.
const maxFileSize = 1 << 20

// File is a parsed configuration file. Only the parts this provider uses
// are kept.
type File struct {
	// Path is the file the configuration was read from.
	Path string

	currentProfile string
	profiles       []profile
	environments   []environment
}

// The YAML layout. Unknown keys (failover, s3 keys, TLS settings, ...) are
// ignored.
type (
	rawFile struct {
		CurrentProfile string        `yaml:"currentProfile"`
		Profiles       []profile     `yaml:"profiles"`
		Environments   []environment `yaml:"environments"`
	}
	profile struct {
		Name        string      `yaml:"name"`
		Environment string      `yaml:"environment"`
		Credentials credentials `yaml:"credentials"`
	}
	credentials struct {
		Token string `yaml:"token"`
	}
	environment struct {
		Name     string    `yaml:"name"`
		Products []product `yaml:"products"`
	}
	product struct {
		Name      string     `yaml:"name"`
		Endpoints []endpoint `yaml:"endpoints"`
	}
	endpoint struct {
		Location string `yaml:"location"`
		Name     string `yaml:"name"`
	}
)

// Settings are the values a profile provides. Empty strings are values
// the file does not set.
type Settings struct {
	// Path is the file the settings come from; empty when no file was read.
	Path string
	// Profile is the selected profile's name as written in the file; empty
	// when no profile is selected.
	Profile string
	// Token is the profile's credentials.token.
	Token string
	// Endpoint is the DNS product's endpoint in the profile's environment,
	// as an absolute URL: a name without a scheme gets https://. It is
	// not validated here.
	Endpoint string
}

// DefaultPath is $HOME/.ionos/config, the SDKs' default location, with the
// home directory taken from getenv the way os.UserHomeDir takes it.
func DefaultPath(getenv func(string) string) (string, error) {
	var home string
	switch runtime.GOOS {
	case "windows":
		home = getenv("USERPROFILE")
	case "plan9":
		home = getenv("home")
	default:
		home = getenv("HOME")
	}
	if home == "" {
		return "", errors.New("cannot find the IONOS configuration file: the home directory is not set")
	}
	return filepath.Join(home, ".ionos", "config"), nil
}

// Load reads and parses the configuration file at path. An empty file, or
// one holding only comments, is a configuration without profiles.
func Load(path string) (*File, error) {
	f, err := os.Open(path) //nolint:gosec // G304: reading the file the user named is the point
	if err != nil {
		return nil, fileError(path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fileError(path, err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("IONOS configuration file %s is a directory", path)
	}
	content, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fileError(path, err)
	}
	if len(content) > maxFileSize {
		return nil, fmt.Errorf("IONOS configuration file %s is larger than %d bytes", path, maxFileSize)
	}
	return parse(path, content)
}

func parse(path string, content []byte) (*File, error) {
	var raw rawFile
	dec := yaml.NewDecoder(bytes.NewReader(content))
	if err := dec.Decode(&raw); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("IONOS configuration file %s is not valid: %s", path, yamlErrorText(err))
	}
	return &File{
		Path:           path,
		currentProfile: raw.CurrentProfile,
		profiles:       raw.Profiles,
		environments:   raw.Environments,
	}, nil
}

// fileError describes a failure to read path without the operating
// system's wording for the common cases.
func fileError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("IONOS configuration file %s does not exist", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("IONOS configuration file %s cannot be read: permission denied", path)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("IONOS configuration file %s cannot be read: %w", path, err)
}

var (
	typeErrorLine = regexp.MustCompile("^line ([0-9]+): cannot unmarshal (!![A-Za-z0-9]+)")
	typeErrorInto = regexp.MustCompile(` into (\S+)$`)
	syntaxLine    = regexp.MustCompile(`^yaml: line ([0-9]+):`)
	// quotedChar is a single quoted character in a syntax error, such as
	// the ':' of "could not find expected ':'"; it is not a value.
	quotedChar = regexp.MustCompile(`'[^']'`)
)

// yamlErrorText is err without any value of the file. The YAML library's
// type errors quote the offending value (which may be a token written in
// the wrong place), so they are rewritten to their line and types; its
// syntax errors carry a line and a description only. Anything else is
// reduced to a generic text.
func yamlErrorText(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		lines := make([]string, 0, len(te.Errors))
		for _, e := range te.Errors {
			m := typeErrorLine.FindStringSubmatch(e)
			if m == nil {
				lines = append(lines, "a value has an unexpected type")
				continue
			}
			s := fmt.Sprintf("line %s: unexpected %s value", m[1], m[2])
			if into := typeErrorInto.FindStringSubmatch(e); into != nil {
				s += " (want " + yamlKind(into[1]) + ")"
			}
			lines = append(lines, s)
		}
		return strings.Join(lines, "; ")
	}
	msg := err.Error()
	if syntaxLine.MatchString(msg) && !strings.ContainsAny(quotedChar.ReplaceAllString(msg, ""), "`'\"") {
		return strings.TrimPrefix(msg, "yaml: ")
	}
	if m := syntaxLine.FindStringSubmatch(msg); m != nil {
		return "line " + m[1] + ": malformed YAML"
	}
	return "malformed YAML"
}

// yamlKind names a Go type of the layout in YAML terms.
func yamlKind(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	case goType == "string":
		return "a string"
	case strings.HasPrefix(goType, "ionosconfig."):
		return "a mapping"
	default:
		return goType
	}
}

// Profile returns the settings of the profile called name, or of the
// file's currentProfile when name is blank. No profile at all (blank name
// and no currentProfile) is not an error: the settings are then empty. A
// named profile that the file does not hold is an error, as is a profile
// whose environment the file does not define.
//
// The DNS endpoint is looked up in the profile's environment (in the first
// environment that lists a dns product when the profile names none). Of
// the product's endpoints, the one for location PreferredLocation is
// taken, else the first one without a location, else the first one.
func (f *File) Profile(name string) (Settings, error) {
	s := Settings{Path: f.Path}
	source := "IONOS_CURRENT_PROFILE"
	if strings.TrimSpace(name) == "" {
		name = f.currentProfile
		source = "currentProfile"
	}
	if strings.TrimSpace(name) == "" {
		return s, nil
	}
	var p *profile
	for i := range f.profiles {
		if sameName(f.profiles[i].Name, name) {
			p = &f.profiles[i]
			break
		}
	}
	if p == nil {
		return s, fmt.Errorf("IONOS configuration file %s has no profile %q (selected by %s); it has %s",
			f.Path, strings.TrimSpace(name), source, f.profileNames())
	}
	s.Profile = strings.TrimSpace(p.Name)
	s.Token = strings.TrimSpace(p.Credentials.Token)

	var envs []environment
	if strings.TrimSpace(p.Environment) == "" {
		envs = f.environments
	} else {
		for _, e := range f.environments {
			if sameName(e.Name, p.Environment) {
				envs = []environment{e}
				break
			}
		}
		if envs == nil {
			return s, fmt.Errorf("IONOS configuration file %s: profile %q refers to environment %q, which the file does not define",
				f.Path, s.Profile, strings.TrimSpace(p.Environment))
		}
	}
	for _, e := range envs {
		for _, prod := range e.Products {
			if !sameName(prod.Name, ProductDNS) {
				continue
			}
			if ep, ok := pickEndpoint(prod.Endpoints); ok {
				s.Endpoint = endpointURL(ep.Name)
				return s, nil
			}
		}
	}
	return s, nil
}

func (f *File) profileNames() string {
	if len(f.profiles) == 0 {
		return "no profiles"
	}
	names := make([]string, 0, len(f.profiles))
	for _, p := range f.profiles {
		names = append(names, fmt.Sprintf("%q", strings.TrimSpace(p.Name)))
	}
	return "the profiles " + strings.Join(names, ", ")
}

// pickEndpoint applies the order documented on Profile, skipping endpoints
// without a name.
func pickEndpoint(eps []endpoint) (endpoint, bool) {
	var global, first *endpoint
	for i := range eps {
		ep := &eps[i]
		if strings.TrimSpace(ep.Name) == "" {
			continue
		}
		if sameName(ep.Location, PreferredLocation) {
			return *ep, true
		}
		if first == nil {
			first = ep
		}
		if global == nil && strings.TrimSpace(ep.Location) == "" {
			global = ep
		}
	}
	switch {
	case global != nil:
		return *global, true
	case first != nil:
		return *first, true
	}
	return endpoint{}, false
}

// endpointURL makes an endpoint name absolute: the SDKs accept a bare host
// and prepend https://.
func endpointURL(name string) string {
	name = strings.TrimSpace(name)
	if !strings.Contains(name, "://") {
		name = "https://" + name
	}
	return name
}

func sameName(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// FromEnv finds, reads and applies the configuration file the way the
// IONOS SDKs do, with the environment read through getenv:
//
//   - IONOS_CONFIG_FILE names the file. When it is set, the file must
//     exist.
//   - Otherwise the file is DefaultPath; when it does not exist (or no
//     home directory is set), there is no file and the settings are empty,
//     without error.
//   - IONOS_CURRENT_PROFILE selects the profile, else the file's
//     currentProfile (see File.Profile).
func FromEnv(getenv func(string) string) (Settings, error) {
	path := strings.TrimSpace(getenv(EnvConfigFile))
	explicit := path != ""
	if !explicit {
		def, err := DefaultPath(getenv)
		if err != nil {
			// No home directory, so no default file: nothing to read.
			return Settings{}, nil //nolint:nilerr // the file is optional
		}
		path = def
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if !explicit {
			return Settings{}, nil
		}
		return Settings{}, fmt.Errorf("IONOS configuration file %s, named by %s, does not exist", path, EnvConfigFile)
	}
	f, err := Load(path)
	if err != nil {
		return Settings{}, err
	}
	return f.Profile(getenv(EnvCurrentProfile))
}
