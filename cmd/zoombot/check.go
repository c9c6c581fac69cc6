package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"sigs.k8s.io/yaml"

	"github.com/zoombot/zoombot"
	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

// checkTimeout bounds each network check, so a black-holed host fails the
// item instead of hanging the command.
const checkTimeout = 10 * time.Second

// zoomProbeEmail is looked up to prove the Zoom token can read users. Zoom
// answers 404/1001 for it, which is as good as a 200: GET /users/{email} is
// a Light call, and S2S apps may not use /users/me (zoom-api.md §1.1).
const zoomProbeEmail = "zoombot-check@example.invalid"

type checkState int

const (
	checkPass checkState = iota
	checkFail
	checkInfo // a fact the admin should know; never fails the check
	checkSkip // could not run because an earlier item failed
)

func (s checkState) mark() string {
	return [...]string{"✓", "✗", "i", "-"}[s]
}

// checkItem is one line of the checklist, with a one-line fix when it fails.
type checkItem struct {
	state        checkState
	name, detail string
	fix          string // for an info item, a note instead
}

// runCheck is `zoombot check`: it validates the configuration against the
// real services and prints a checklist. It returns nil when every item
// passed, and an exit-1 error otherwise. Bad settings do not stop it (unlike
// `zoombot run`, which exits 2): they are listed, and the checks that do not
// depend on them still run. Bad flags still exit 2.
func runCheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig("zoombot check", args, getenv, stderr)
	var ce *configError
	if err != nil && !errors.As(err, &ce) {
		return err
	}
	var problems []string
	if ce != nil {
		problems = ce.problems
	}
	c := &checker{cfg: cfg, problems: problems}
	c.configuration()
	c.database(ctx)
	c.slackBot(ctx)
	c.slackApp(ctx)
	c.zoom(ctx)
	return c.print(stdout)
}

type checker struct {
	cfg      config
	problems []string
	items    []checkItem
}

func (c *checker) add(state checkState, name, detail, fix string) {
	c.items = append(c.items, checkItem{state: state, name: name, detail: detail, fix: fix})
}

// blocked adds a skipped item and reports true when a setting the check
// needs is among the configuration problems.
func (c *checker) blocked(name string, envs ...string) bool {
	for _, p := range c.problems {
		for _, env := range envs {
			if strings.Contains(p, env) {
				c.add(checkSkip, name, "not checked: "+env+" is not usable", "fix the configuration above first")
				return true
			}
		}
	}
	return false
}

func (c *checker) configuration() {
	if len(c.problems) == 0 {
		c.add(checkPass, "Configuration", "every setting is present and well-formed", "")
		return
	}
	for _, p := range c.problems {
		c.add(checkFail, "Configuration", p, "set it in the environment (or with the flag of the same name; see zoombot run -h)")
	}
}

// database reports on the database without changing it: a missing SQLite
// file is not created, and pending migrations are not applied; the check
// says what `zoombot run` or `zoombot migrate` would do.
func (c *checker) database(ctx context.Context) {
	target := c.cfg.database()
	name := "Database " + databaseName(target)
	if c.blocked(name, "ZOOMBOT_DB", "ZOOMBOT_DATABASE_URL") {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	st, err := storage.Inspect(ctx, target)
	switch {
	case err != nil && storage.IsPostgresURL(target):
		c.add(checkFail, name, "cannot connect: "+err.Error(),
			"check ZOOMBOT_DATABASE_URL (host, port, database, user, password, sslmode) and that the server accepts this host")
		return
	case err != nil:
		c.add(checkFail, name, "cannot open it: "+err.Error(),
			"make ZOOMBOT_DB a file in an existing directory that the zoombot user can write (SQLite also writes -wal and -shm files beside it)")
		return
	case st.Newer:
		c.add(checkFail, name, fmt.Sprintf("a newer zoombot migrated it (%d migrations; this build knows %d)", st.Applied, st.Applied+len(st.Pending)),
			"run the zoombot version that last used this database, or a newer one")
		return
	case !st.Writable && st.Engine == "postgres":
		c.add(checkFail, name, fmt.Sprintf("connected as %s, who may not create tables or write zoombot's rows", st.User),
			"GRANT zoombot's role CREATE on the schema and ownership of its tables (it runs the migrations)")
		return
	case !st.Writable && st.Exists:
		c.add(checkFail, name, "the file is not writable by this user", "chown the file (and its -wal, -shm) to the user zoombot runs as")
		return
	case !st.Writable:
		c.add(checkFail, name, "does not exist, and its directory is not writable", "make ZOOMBOT_DB a file in a directory the zoombot user can write")
		return
	case !st.Exists:
		c.add(checkInfo, name, "does not exist yet", fmt.Sprintf("zoombot run (or zoombot migrate) creates it, mode 0600, and applies %d migrations", len(st.Pending)))
		return
	case len(st.Pending) > 0:
		c.add(checkInfo, name, fmt.Sprintf("reachable; %d of %d migrations applied", st.Applied, st.Applied+len(st.Pending)),
			"zoombot run (or zoombot migrate) applies "+strings.Join(st.Pending, ", "))
	default:
		c.add(checkPass, name, fmt.Sprintf("writable, migrations current (%d of %d)", st.Applied, st.Applied), "")
	}
	if st.Engine == "sqlite" && st.Mode&0o077 != 0 {
		c.add(checkFail, name+" permissions", fmt.Sprintf("mode %v: other users can read meetings, e-mails and passcodes", st.Mode),
			"chmod 600 "+target)
	}
}

func (c *checker) slackClient() *slack.Client {
	return slack.New(c.cfg.SlackBotToken,
		slack.OptionAPIURL(c.cfg.SlackAPIURL),
		slack.OptionAppLevelToken(c.cfg.SlackAppToken),
		slack.OptionHTTPClient(&http.Client{Timeout: checkTimeout}))
}

func (c *checker) slackBot(ctx context.Context) {
	const name, scopesName = "Slack bot token", "Slack bot scopes"
	if c.blocked(name, "SLACK_BOT_TOKEN", "SLACK_API_URL") {
		c.add(checkSkip, scopesName, "not checked: needs the bot token", "")
		return
	}
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	r, err := c.slackClient().AuthTestContext(ctx)
	if err != nil {
		c.add(checkFail, name, "auth.test failed: "+err.Error(), slackTokenFix(err,
			"copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page into SLACK_BOT_TOKEN; reinstall the app if it was revoked"))
		c.add(checkSkip, scopesName, "not checked: needs a working bot token", "")
		return
	}
	c.add(checkPass, name, fmt.Sprintf("works: workspace %s (%s), bot user %s", r.Team, r.TeamID, r.UserID), "")

	want, err := manifestBotScopes()
	if err != nil {
		c.add(checkFail, scopesName, "cannot read the embedded manifest: "+err.Error(), "this is a build fault: report it")
		return
	}
	header := r.Header.Get("X-OAuth-Scopes")
	if header == "" {
		c.add(checkInfo, scopesName, "Slack did not report the token's scopes", "compare OAuth & Permissions with manifest.yaml's oauth_config by hand")
		return
	}
	var granted, missing []string
	for _, s := range strings.Split(header, ",") {
		granted = append(granted, strings.TrimSpace(s))
	}
	for _, s := range want {
		if !slices.Contains(granted, s) {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		c.add(checkFail, scopesName, "missing "+strings.Join(missing, ", "),
			"add them under OAuth & Permissions → Bot Token Scopes (or update the app from manifest.yaml), then reinstall the app to the workspace")
		return
	}
	c.add(checkPass, scopesName, "all of manifest.yaml's scopes are granted: "+strings.Join(want, ", "), "")
}

// manifestBotScopes reads oauth_config.scopes.bot from manifest.yaml.
func manifestBotScopes() ([]string, error) {
	var m struct {
		OAuthConfig struct {
			Scopes struct {
				Bot []string `json:"bot"`
			} `json:"scopes"`
		} `json:"oauth_config"`
	}
	if err := yaml.Unmarshal(zoombot.Manifest, &m); err != nil {
		return nil, err
	}
	if len(m.OAuthConfig.Scopes.Bot) == 0 {
		return nil, errors.New("manifest.yaml lists no bot scopes")
	}
	return m.OAuthConfig.Scopes.Bot, nil
}

// slackTokenFix gives the fix for a refused token, or for a network error
// the advice to check the URL instead.
func slackTokenFix(err error, tokenFix string) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return tokenFix
	}
	return "check SLACK_API_URL and that this host can reach it (proxy, firewall)"
}

// slackApp opens a Socket Mode URL with the app token but does not dial it:
// a connected socket could be handed an envelope meant for the running bot,
// and this check would drop it. The unused URL expires on its own.
func (c *checker) slackApp(ctx context.Context) {
	const name = "Slack app token"
	if c.blocked(name, "SLACK_APP_TOKEN", "SLACK_API_URL") {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	if _, _, err := c.slackClient().StartSocketModeContext(ctx); err != nil {
		c.add(checkFail, name, "apps.connections.open failed: "+err.Error(), slackTokenFix(err,
			"create an app-level token with the connections:write scope (Basic Information → App-Level Tokens), put it in SLACK_APP_TOKEN, and turn Socket Mode on"))
		return
	}
	c.add(checkPass, name, "apps.connections.open gave a Socket Mode URL (not dialled, so the running bot loses no events)", "")
}

func (c *checker) zoom(ctx context.Context) {
	const tokenName, apiName, custName = "Zoom credentials", "Zoom API", "Zoom custCreate"
	zoomEnv := []string{"ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "ZOOM_API_KEY", "ZOOM_API_SECRET", "ZOOM_API_URL", "ZOOM_OAUTH_URL"}
	if c.blocked(tokenName, zoomEnv...) {
		c.add(checkSkip, apiName, "not checked: needs the credentials", "")
	} else {
		c.zoomCalls(ctx, tokenName, apiName)
	}
	// Zoom has no read-only way to ask whether the account may custCreate
	// (it needs an ISV/API-partner plan, and the refusal is undocumented),
	// and creating a user to find out would leave one behind.
	c.add(checkInfo, custName, "cannot be checked without creating a Zoom user",
		"the bot matches each Slack user to the Zoom user with the same email; only for someone with no Zoom user does it try custCreate, "+
			"and if Zoom refuses it tells them to ask the Zoom admin to add their email to the account")
}

func (c *checker) zoomCalls(ctx context.Context, tokenName, apiName string) {
	ctx, cancel := context.WithTimeout(ctx, 2*checkTimeout)
	defer cancel()
	hc := &http.Client{Timeout: checkTimeout}
	var auth zoom.TokenSource
	if c.cfg.ZoomAPIKey != "" {
		auth = zoom.NewJWTTokenSource(c.cfg.ZoomAPIKey, c.cfg.ZoomAPISecret)
	} else {
		auth = zoom.NewS2STokenSource(zoom.S2SConfig{
			AccountID: c.cfg.ZoomAccountID, ClientID: c.cfg.ZoomClientID, ClientSecret: c.cfg.ZoomClientSecret,
			TokenURL: c.cfg.ZoomOAuthURL, HTTPClient: hc,
		})
	}
	if _, err := auth.Token(ctx); err != nil {
		fix := "check ZOOM_OAUTH_URL and that this host can reach it (proxy, firewall)"
		var te *zoom.TokenError
		if errors.As(err, &te) {
			fix = "check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET against the Server-to-Server OAuth app in the Zoom App Marketplace, and that the app is activated"
		}
		c.add(checkFail, tokenName, "no access token: "+err.Error(), fix)
		c.add(checkSkip, apiName, "not checked: needs an access token", "")
		return
	}
	if c.cfg.ZoomAPIKey != "" {
		c.add(checkInfo, tokenName, "a legacy JWT app: the token is made locally, so only the API call below proves it",
			"Zoom switched JWT apps off in September 2023: create a Server-to-Server OAuth app and set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET")
	} else {
		c.add(checkPass, tokenName, "Server-to-Server OAuth gave an access token", "")
	}

	zc, err := zoom.NewClient(zoom.Config{BaseURL: c.cfg.ZoomAPIURL, Auth: auth, HTTPClient: hc, MaxRetries: -1})
	if err != nil {
		c.add(checkFail, apiName, err.Error(), "check ZOOM_API_URL")
		return
	}
	_, err = zc.GetUser(ctx, zoomProbeEmail)
	var ze *zoom.Error
	switch {
	case err == nil || zoom.IsNotFound(err):
		c.add(checkPass, apiName, "GET /users/{email} answered: the token may read users", "")
		c.zoomAfterMeeting(ctx, zc)
	case errors.As(err, &ze) && ze.Code == 4700:
		c.add(checkFail, apiName, "the token lacks a scope: "+err.Error(),
			"add the scopes user:read:admin, user:write:admin, meeting:read:admin and meeting:write:admin to the Server-to-Server OAuth app")
	case errors.As(err, &ze) && (ze.StatusCode == http.StatusUnauthorized || ze.Code == 200):
		c.add(checkFail, apiName, "Zoom refused the token: "+err.Error(),
			"check that the Zoom app is activated and belongs to this account; legacy JWT apps no longer work")
	default:
		c.add(checkFail, apiName, "GET /users/{email} failed: "+err.Error(), "check ZOOM_API_URL and that this host can reach it")
	}
}

func (c *checker) print(w io.Writer) error {
	failed := 0
	for _, it := range c.items {
		fmt.Fprintf(w, "%s %s: %s\n", it.state.mark(), it.name, it.detail)
		switch {
		case it.fix == "" || it.state == checkPass:
		case it.state == checkInfo:
			fmt.Fprintf(w, "    note: %s\n", it.fix)
		default:
			fmt.Fprintf(w, "    fix: %s\n", it.fix)
		}
		if it.state == checkFail {
			failed++
		}
	}
	if failed > 0 {
		fmt.Fprintf(w, "\n%d problem(s) found.\n", failed)
		return &exitError{code: 1, err: fmt.Errorf("check: %d problem(s) found", failed)}
	}
	fmt.Fprintln(w, "\nAll checks passed.")
	return nil
}
