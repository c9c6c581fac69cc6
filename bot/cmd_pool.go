package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/zoombot/zoombot/storage"
	"github.com/zoombot/zoombot/zoom"
)

const poolUsage = "Use `/zoom pool list`, `/zoom pool add host1@example.com` or `/zoom pool remove host1@example.com`."

// cmdPool is /zoom pool add|remove|list: the Zoom users that host meetings
// when people's own accounts can't (classes at the same hour need several
// hosts). Only Slack workspace admins and owners may change it.
func (b *Bot) cmdPool(ctx context.Context, in SlashCommand, cmd Command) (Reply, error) {
	sub, arg, _ := strings.Cut(strings.TrimSpace(cmd.Text), " ")
	sub = strings.ToLower(sub)
	arg = strings.Trim(strings.TrimSpace(arg), "<>")
	if _, email, ok := strings.Cut(arg, "|"); ok && strings.HasPrefix(arg, "mailto:") {
		arg = email // Slack sends emails as <mailto:a@b|a@b>
	}
	switch sub {
	case "", "list", "add", "remove", "rm":
	default:
		return Reply{}, userErr("bad_pool", "I don't know `%s`. %s", escape(sub), poolUsage)
	}
	u, err := b.slackUser(ctx, in.TeamID, in.UserID)
	if err != nil {
		return Reply{}, err
	}
	if !u.IsAdmin && !u.IsOwner {
		return Reply{}, userErr("not_admin", "Only workspace admins and owners can see or change the host pool.")
	}
	if sub == "" || sub == "list" {
		return b.poolList(ctx)
	}
	if arg == "" {
		return Reply{}, userErr("bad_pool", "Which Zoom user? %s", poolUsage)
	}
	if sub == "add" {
		zu, err := b.zoom.GetUser(ctx, arg)
		if zoom.IsNotFound(err) {
			return Reply{}, userErr("no_zoom_user", "There is no Zoom user %s in this Zoom account. Add them in Zoom first.", escape(arg))
		}
		if err != nil {
			return Reply{}, zoomUserError(err, b.now())
		}
		if err := b.db.AddPoolHost(ctx, &storage.PoolHost{ZoomUserID: zu.ID, Email: zu.Email, AddedBy: in.UserID}); err != nil {
			return Reply{}, err
		}
		return Reply{Text: fmt.Sprintf("Added %s to the host pool. Meetings are now hosted by a free pool member.", escape(zu.Email))}, nil
	}
	err = b.db.RemovePoolHost(ctx, arg)
	if errors.Is(err, storage.ErrNotFound) {
		return Reply{}, userErr("not_in_pool", "%s isn't in the pool an admin built. (Members set with ZOOMBOT_HOST_POOL can only be removed there.)", escape(arg))
	}
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: fmt.Sprintf("Removed %s from the host pool. Meetings it already hosts stay.", escape(arg))}, nil
}

func (b *Bot) poolList(ctx context.Context) (Reply, error) {
	members, err := b.poolHosts(ctx)
	if err != nil {
		return Reply{}, zoomUserError(err, b.now())
	}
	if len(members) == 0 {
		return Reply{Text: "There is no host pool: each person hosts their own meetings. " + poolUsage}, nil
	}
	lines := []string{fmt.Sprintf("*Host pool* (%d; a host runs %d meeting(s) at a time)", len(members), b.cfg.HostConcurrency)}
	for _, m := range members {
		name := m.Email
		if name == "" {
			name = m.ZoomUserID
		}
		lines = append(lines, "• "+escape(name))
	}
	return Reply{Text: strings.Join(lines, "\n")}, nil
}
