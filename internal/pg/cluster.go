package pg

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// ErrNoServerBinaries means initdb and pg_ctl were found neither on PATH nor
// under /usr/lib/postgresql/*/bin.
var ErrNoServerBinaries = errors.New("PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin: " +
	"install them (Debian or Ubuntu: apt-get install postgresql; Fedora: dnf install postgresql-server; macOS: brew install postgresql@16) " +
	"or set DATABASE_URL to a server you already have")

// superuser is the name of the cluster's superuser and of its database.
const superuser = "hubbook"

// Cluster is a PostgreSQL server that hubbook runs for itself from the
// server binaries on the machine, listening on 127.0.0.1 only, with a
// generated password. When the process runs as root the server runs as the
// `postgres` user, since PostgreSQL refuses to run as root.
type Cluster struct {
	// Dir is the data directory.
	Dir string
	// Port is the TCP port on 127.0.0.1.
	Port int
	// Started reports whether this Cluster value started the server (false
	// when it found one already running and reused it).
	Started bool

	bin      string
	password string
	cred     *syscall.Credential
	log      *slog.Logger
}

// ClusterOptions tune a local cluster.
type ClusterOptions struct {
	// Throwaway turns off durability (fsync, full-page writes) for speed: for
	// test clusters whose data nobody keeps.
	Throwaway bool
	// Log receives progress lines; nil discards them.
	Log *slog.Logger
}

// clusterState is what a cluster remembers between runs, next to its data.
type clusterState struct {
	Port     int    `json:"port"`
	Password string `json:"password"`
}

// FindServerBinaries returns the directory that holds initdb and pg_ctl: the
// one on PATH, else the newest /usr/lib/postgresql/N/bin.
func FindServerBinaries() (string, error) {
	return findServerBinaries(exec.LookPath, "/usr/lib/postgresql")
}

func findServerBinaries(lookPath func(string) (string, error), libDir string) (string, error) {
	if p, err := lookPath("initdb"); err == nil {
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "pg_ctl")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob(filepath.Join(libDir, "*", "bin"))
	slices.SortFunc(dirs, func(a, b string) int { return versionOf(b) - versionOf(a) })
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	return "", ErrNoServerBinaries
}

func versionOf(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// StartCluster starts the cluster in dir, creating it first if dir holds
// none, or reuses it when it is already running. A lock file next to dir
// keeps two processes from creating or starting it at once.
func StartCluster(ctx context.Context, dir string, opts ClusterOptions) (*Cluster, error) {
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	c, err := newCluster(dir, log)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", filepath.Dir(dir), err)
	}
	unlock, err := lockFile(dir + ".lock")
	if err != nil {
		return nil, err
	}
	defer unlock()

	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		if err := c.initdb(ctx); err != nil {
			return nil, err
		}
	}
	state, err := readState(c.stateFile())
	if err != nil {
		return nil, err
	}
	c.password = state.Password
	if c.running(ctx) && state.Port != 0 && c.reachable(state.Port) {
		c.Port = state.Port
		log.Info("reusing the local PostgreSQL cluster", "dir", dir, "port", c.Port)
		return c, c.ensureDatabase(ctx)
	}
	c.Port = state.Port
	if c.Port == 0 || !portFree(c.Port) {
		if c.Port, err = freePort(); err != nil {
			return nil, err
		}
	}
	state.Port = c.Port
	if err := writeState(c.stateFile(), state); err != nil {
		return nil, err
	}
	if err := c.writeSettings(opts.Throwaway); err != nil {
		return nil, err
	}
	log.Info("starting the local PostgreSQL cluster", "dir", dir, "port", c.Port)
	out, err := c.run(ctx, "pg_ctl", "start", "-D", dir, "-w", "-t", "60", "-s", "-l", filepath.Join(dir, "server.log"))
	if err != nil {
		return nil, fmt.Errorf("start PostgreSQL in %s: %w: %s (see %s)", dir, err, out, filepath.Join(dir, "server.log"))
	}
	c.Started = true
	if err := c.ensureDatabase(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// URL is the connection string for database name on this cluster.
func (c *Cluster) URL(database string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword(superuser, c.password),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.Port)),
		Path:     "/" + database,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Database is the name of the database initdb made for hubbook.
func (c *Cluster) Database() string { return superuser }

// Stop shuts the server down. With immediate it does not wait for clients
// to disconnect (for throwaway clusters).
func (c *Cluster) Stop(ctx context.Context, immediate bool) error {
	mode := "fast"
	if immediate {
		mode = "immediate"
	}
	if out, err := c.run(ctx, "pg_ctl", "stop", "-D", c.Dir, "-m", mode, "-w", "-s"); err != nil {
		return fmt.Errorf("stop PostgreSQL in %s: %w: %s", c.Dir, err, out)
	}
	return nil
}

// StopClusterIn stops the cluster in dir if one is running there; it is
// not an error when none is.
func StopClusterIn(ctx context.Context, dir string) error {
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); err != nil {
		return nil
	}
	c, err := newCluster(dir, nil)
	if err != nil {
		return err
	}
	if !c.running(ctx) {
		return nil
	}
	return c.Stop(ctx, false)
}

// newCluster finds the server binaries and, when we are root, the postgres
// user the server must run as.
func newCluster(dir string, log *slog.Logger) (*Cluster, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	bin, err := FindServerBinaries()
	if err != nil {
		return nil, err
	}
	c := &Cluster{Dir: dir, bin: bin, log: log}
	if os.Geteuid() == 0 {
		if c.cred, err = postgresCredential(); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *Cluster) stateFile() string { return filepath.Join(c.Dir, "hubbook-cluster.json") }

func (c *Cluster) initdb(ctx context.Context) error {
	c.log.Info("creating a local PostgreSQL cluster", "dir", c.Dir, "binaries", c.bin)
	if err := c.checkReachable(ctx); err != nil {
		return err
	}
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", c.Dir, err)
	}
	if err := c.chown(c.Dir); err != nil {
		return err
	}
	password := rand.Text()
	pwfile, err := os.CreateTemp("", "hubbook-pw-*")
	if err != nil {
		return err
	}
	defer os.Remove(pwfile.Name())
	if _, err := pwfile.WriteString(password + "\n"); err != nil {
		return err
	}
	pwfile.Close()
	if err := c.chown(pwfile.Name()); err != nil {
		return err
	}
	out, err := c.run(ctx, "initdb", "-D", c.Dir, "-U", superuser, "--pwfile", pwfile.Name(),
		"--auth-host", "scram-sha-256", "--auth-local", "scram-sha-256",
		"-E", "UTF8", "--no-locale", "--no-sync")
	if err != nil {
		return fmt.Errorf("initdb %s: %w: %s", c.Dir, err, out)
	}
	if err := c.appendInclude(); err != nil {
		return err
	}
	return writeState(c.stateFile(), clusterState{Password: password})
}

// ensureDatabase creates hubbook's database on a fresh cluster: initdb makes
// only the postgres database.
func (c *Cluster) ensureDatabase(ctx context.Context) error {
	db, err := sql.Open("postgres", c.URL("postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	var exists bool
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, superuser).Scan(&exists); err != nil {
		return fmt.Errorf("local cluster: %w", err)
	}
	if exists {
		return nil
	}
	if _, err := db.ExecContext(ctx, `CREATE DATABASE `+superuser); err != nil {
		return fmt.Errorf("local cluster: create database: %w", err)
	}
	return nil
}

// appendInclude makes postgresql.conf read hubbook.conf, which writeSettings
// rewrites at every start (the port may change between runs).
func (c *Cluster) appendInclude() error {
	f, err := os.OpenFile(filepath.Join(c.Dir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteString("\n# Settings written by hubbook at every start.\ninclude_if_exists = 'hubbook.conf'\n")
	return err
}

func (c *Cluster) writeSettings(throwaway bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "port = %d\n", c.Port)
	b.WriteString("listen_addresses = '127.0.0.1'\n")
	// TCP only: no socket, so no system directory is needed and a long
	// checkout path cannot exceed the 107-byte socket path limit.
	b.WriteString("unix_socket_directories = ''\n")
	b.WriteString("max_connections = 200\n")
	b.WriteString("timezone = 'UTC'\n")
	if throwaway {
		b.WriteString("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
	}
	name := filepath.Join(c.Dir, "hubbook.conf")
	if err := os.WriteFile(name, []byte(b.String()), 0o600); err != nil {
		return err
	}
	return c.chown(name)
}

// checkReachable makes sure that the postgres user, when the server runs as
// it, can enter every directory above the data directory: a checkout under
// a private home directory (/root is mode 0700) cannot hold the cluster.
func (c *Cluster) checkReachable(ctx context.Context) error {
	if c.cred == nil {
		return nil
	}
	parent := filepath.Dir(c.Dir)
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", `cd "$1"`, "sh", parent)
	cmd.Dir = os.TempDir()
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("the local PostgreSQL cluster runs as the postgres user (hubbook runs as root), and that user cannot enter %s: "+
			"a directory above it is private (as /root is). Run make run from a checkout the postgres user can reach (for example under /srv or /tmp), "+
			"run it as an ordinary user, or set DATABASE_URL", parent)
	}
	return nil
}

// running reports whether pg_ctl sees a live server for the data directory.
func (c *Cluster) running(ctx context.Context) bool {
	_, err := c.run(ctx, "pg_ctl", "status", "-D", c.Dir)
	return err == nil
}

func (c *Cluster) reachable(port int) bool {
	conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// run runs one of the server binaries, as the postgres user when we are root.
func (c *Cluster) run(ctx context.Context, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, name), args...)
	cmd.Dir = os.TempDir() // a directory the postgres user can enter
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

func (c *Cluster) chown(path string) error {
	if c.cred == nil {
		return nil
	}
	if err := os.Chown(path, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
		return fmt.Errorf("hand %s to the postgres user: %w", path, err)
	}
	return nil
}

// postgresCredential is who the server runs as when hubbook runs as root.
func postgresCredential() (*syscall.Credential, error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, errors.New("running as root, the local PostgreSQL cluster must run as the postgres user, and there is none: " +
			"install PostgreSQL from your distribution (Debian: apt-get install postgresql), which creates it, or run as another user")
	}
	uid, _ := strconv.ParseUint(u.Uid, 10, 32)
	gid, _ := strconv.ParseUint(u.Gid, 10, 32)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func portFree(port int) bool {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// lockFile takes an exclusive lock on name, waiting for another process to
// let go of it; the returned function releases it.
func lockFile(name string) (func(), error) {
	f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	return func() { f.Close() }, nil
}

func readState(name string) (clusterState, error) {
	var s clusterState
	b, err := os.ReadFile(name)
	if err != nil {
		return s, fmt.Errorf("read the local cluster's settings: %w (remove the data directory to start afresh)", err)
	}
	if err := json.Unmarshal(b, &s); err != nil || s.Password == "" {
		return s, fmt.Errorf("%s is damaged (remove the data directory to start afresh)", name)
	}
	return s, nil
}

func writeState(name string, s clusterState) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return os.WriteFile(name, b, 0o600)
}
