package ionosconfig

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// secret is the token of the test files; no error may contain it.
const secret = "tok-SECRET-0123456789abcdef"

const validFile = `version: 1.0
currentProfile: prod
profiles:
  - name: prod
    environment: production
    credentials:
      username: someone@example.com
      password: not-used
      token: ` + secret + `
  - name: Staging
    environment: staging
    credentials:
      token: staging-token
  - name: noenv
    credentials:
      token: noenv-token
  - name: broken
    environment: nowhere
    credentials:
      token: broken-token
environments:
  - name: production
    certificateAuthData: ignored
    products:
      - name: cloud
        endpoints:
          - name: https://api.ionos.com/cloudapi/v6
      - name: DNS
        endpoints:
          - location: es/vit
            name: https://dns.es-vit.ionos.com
            skipTlsVerify: false
          - location: de/fra
            name: https://dns.de-fra.ionos.com
  - name: staging
    products:
      - name: dns
        endpoints:
          - location: es/vit
            name: dns.es-vit.staging.example.com
          - name: dns.staging.example.com
failover:
  strategy: roundRobin
`

// writeFile writes content to a file in a new temporary directory.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// env is a getenv over a map.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// homeVar is the variable DefaultPath reads on this system.
func homeVar() string {
	switch runtime.GOOS {
	case "windows":
		return "USERPROFILE"
	case "plan9":
		return "home"
	}
	return "HOME"
}

// checkErr fails unless err is non-nil, names path, contains every want,
// and does not contain the secret.
func checkErr(t *testing.T, err error, path string, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an error naming %s, got none", path)
	}
	msg := err.Error()
	t.Log(msg)
	if strings.Contains(msg, secret) {
		t.Fatalf("the error contains the token: %s", msg)
	}
	if !strings.Contains(msg, path) {
		t.Fatalf("the error does not name the file %s: %s", path, msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Fatalf("the error does not contain %q: %s", w, msg)
		}
	}
}

func TestProfile(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "config", validFile)
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		want Settings
	}{
		// currentProfile; the de/fra endpoint although it is not first.
		{"", Settings{Profile: "prod", Token: secret, Endpoint: "https://dns.de-fra.ionos.com"}},
		{"  \t", Settings{Profile: "prod", Token: secret, Endpoint: "https://dns.de-fra.ionos.com"}},
		// Case-insensitive names; no de/fra: the first endpoint without a
		// location, made absolute.
		{"staging", Settings{Profile: "Staging", Token: "staging-token", Endpoint: "https://dns.staging.example.com"}},
		// No environment: the first environment with a dns product.
		{" NoEnv ", Settings{Profile: "noenv", Token: "noenv-token", Endpoint: "https://dns.de-fra.ionos.com"}},
	}
	for _, tt := range tests {
		tt.want.Path = path
		got, err := f.Profile(tt.name)
		if err != nil {
			t.Fatalf("Profile(%q): %v", tt.name, err)
		}
		if got != tt.want {
			t.Errorf("Profile(%q) = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestProfile_UnknownProfile(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "config", validFile)
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Profile("dev")
	checkErr(t, err, path, `no profile "dev"`, "IONOS_CURRENT_PROFILE", `"prod"`, `"Staging"`)

	path = writeFile(t, "config", "currentProfile: gone\nprofiles: []\n")
	f, err = Load(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Profile("")
	checkErr(t, err, path, `no profile "gone"`, "currentProfile", "no profiles")
}

func TestProfile_UnknownEnvironment(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "config", validFile)
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Profile("broken")
	checkErr(t, err, path, `profile "broken"`, `environment "nowhere"`)
}

func TestProfile_NoProfileSelected(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "config", "profiles:\n  - name: a\n    credentials:\n      token: "+secret+"\n")
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.Profile("")
	if err != nil || got != (Settings{Path: path}) {
		t.Fatalf("Profile(\"\") = %+v, %v; want empty settings and no error", got, err)
	}
}

func TestProfile_TokenOnlyAndEndpointOnly(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "config", `
currentProfile: a
profiles:
  - name: a
    credentials:
      token: only-token
  - name: b
    environment: e
environments:
  - name: e
    products:
      - name: dns
        endpoints:
          - name: ""
          - location: us/ewr
            name: http://127.0.0.1:8080
`)
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	// Without an environment, the first environment with a dns product.
	if got, err := f.Profile(""); err != nil || got.Token != "only-token" || got.Endpoint != "http://127.0.0.1:8080" {
		t.Fatalf("profile a = %+v, %v", got, err)
	}
	// An endpoint without a name is skipped; with no de/fra and no global
	// endpoint, the first one; a scheme is kept.
	if got, err := f.Profile("b"); err != nil || got.Token != "" || got.Endpoint != "http://127.0.0.1:8080" {
		t.Fatalf("profile b = %+v, %v", got, err)
	}
}

func TestLoad_EmptyFile(t *testing.T) {
	t.Parallel()
	for _, content := range []string{"", "\n", "# only a comment\n"} {
		path := writeFile(t, "config", content)
		f, err := Load(path)
		if err != nil {
			t.Fatalf("Load(%q): %v", content, err)
		}
		if got, err := f.Profile(""); err != nil || got != (Settings{Path: path}) {
			t.Fatalf("Profile on %q = %+v, %v", content, got, err)
		}
	}
}

func TestLoad_Malformed(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		content string
		want    []string
	}{
		"syntax": {
			content: "profiles:\n  - name: a\n    credentials:\n      token: " + secret + "\n   bad: [\n",
			want:    []string{"is not valid", "line "},
		},
		"tab indentation": {
			content: "profiles:\n\t- name: " + secret + "\n",
			want:    []string{"is not valid", "line 2"},
		},
		// The YAML library quotes the value in type errors; ours must not.
		"credentials as a string": {
			content: "profiles:\n  - name: a\n    credentials: " + secret + "\n",
			want:    []string{"is not valid", "line 3", "want a mapping"},
		},
		"profiles as a mapping": {
			content: "profiles:\n  token: " + secret + "\n",
			want:    []string{"is not valid", "line 2", "want a list"},
		},
		"token as a list": {
			content: "profiles:\n  - name: a\n    credentials:\n      token: [" + secret + "]\n",
			want:    []string{"is not valid", "line 4", "want a string"},
		},
		"top level list": {
			content: "- " + secret + "\n",
			want:    []string{"is not valid", "line 1"},
		},
		"unknown anchor": {
			content: "profiles:\n  - name: a\n    credentials:\n      token: *" + secret + "\n",
			want:    []string{"is not valid"},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := writeFile(t, "config", tt.content)
			_, err := Load(path)
			checkErr(t, err, path, tt.want...)
		})
	}
}

func TestLoad_Unreadable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing")
	_, err := Load(missing)
	checkErr(t, err, missing, "does not exist")

	_, err = Load(dir)
	checkErr(t, err, dir, "is a directory")

	big := writeFile(t, "config", strings.Repeat("#", maxFileSize+1))
	_, err = Load(big)
	checkErr(t, err, big, "larger than")
}

func TestFromEnv(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".ionos"), 0o700); err != nil {
		t.Fatal(err)
	}
	defPath := filepath.Join(home, ".ionos", "config")
	if err := os.WriteFile(defPath, []byte(validFile), 0o600); err != nil {
		t.Fatal(err)
	}
	other := writeFile(t, "other.yaml", "currentProfile: x\nprofiles:\n  - name: x\n    credentials:\n      token: x-token\n")

	// The default file, its currentProfile.
	got, err := FromEnv(env(map[string]string{homeVar(): home}))
	if err != nil || got.Path != defPath || got.Profile != "prod" || got.Token != secret {
		t.Fatalf("default file: %+v, %v", got, err)
	}
	// IONOS_CURRENT_PROFILE wins over currentProfile.
	got, err = FromEnv(env(map[string]string{homeVar(): home, EnvCurrentProfile: "staging"}))
	if err != nil || got.Profile != "Staging" || got.Token != "staging-token" {
		t.Fatalf("IONOS_CURRENT_PROFILE: %+v, %v", got, err)
	}
	// IONOS_CONFIG_FILE wins over the default file.
	got, err = FromEnv(env(map[string]string{homeVar(): home, EnvConfigFile: other}))
	if err != nil || got.Path != other || got.Token != "x-token" {
		t.Fatalf("IONOS_CONFIG_FILE: %+v, %v", got, err)
	}
	// An unknown profile from the environment is an error.
	_, err = FromEnv(env(map[string]string{homeVar(): home, EnvCurrentProfile: "nope"}))
	checkErr(t, err, defPath, `no profile "nope"`, EnvCurrentProfile)
}

func TestFromEnv_MissingFile(t *testing.T) {
	t.Parallel()
	// No default file: nothing, without error.
	got, err := FromEnv(env(map[string]string{homeVar(): t.TempDir()}))
	if err != nil || got != (Settings{}) {
		t.Fatalf("no default file: %+v, %v", got, err)
	}
	// No home directory either.
	got, err = FromEnv(env(nil))
	if err != nil || got != (Settings{}) {
		t.Fatalf("no home: %+v, %v", got, err)
	}
	// A file named by IONOS_CONFIG_FILE must exist.
	missing := filepath.Join(t.TempDir(), "config.yaml")
	_, err = FromEnv(env(map[string]string{EnvConfigFile: missing}))
	checkErr(t, err, missing, "does not exist", EnvConfigFile)
}

func TestFromEnv_MalformedDefaultFile(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, ".ionos"), 0o700); err != nil {
		t.Fatal(err)
	}
	defPath := filepath.Join(home, ".ionos", "config")
	if err := os.WriteFile(defPath, []byte("profiles: {token: "+secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := FromEnv(env(map[string]string{homeVar(): home}))
	checkErr(t, err, defPath, "is not valid")
}

func TestDefaultPath(t *testing.T) {
	t.Parallel()
	got, err := DefaultPath(env(map[string]string{homeVar(): "/home/u"}))
	if want := filepath.Join("/home/u", ".ionos", "config"); err != nil || got != want {
		t.Fatalf("DefaultPath = %q, %v; want %q", got, err, want)
	}
	if _, err := DefaultPath(env(nil)); err == nil {
		t.Fatal("DefaultPath without a home directory: want an error")
	}
}
