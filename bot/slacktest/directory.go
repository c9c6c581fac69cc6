package slacktest

import (
	"fmt"
	"strings"
)

// User is a workspace member as users.info reports it.
type User struct {
	ID       string
	Name     string // handle; "" = lower-cased ID
	RealName string
	TZ       string // IANA zone, e.g. "America/New_York"
	TZLabel  string
	TZOffset int // seconds east of UTC
	// Email "" models an app without users:read.email: profile.email is absent.
	Email string
	// Locale is Slack's ("en-US", "en-GB"); users.info returns it only
	// when called with include_locale=true, as Slack does.
	Locale                           string
	IsAdmin, IsOwner, IsBot, Deleted bool
}

// Channel is a conversation the fake knows about. Unknown C… ids are public
// channels; add a Channel to make one private or to record membership.
type Channel struct {
	ID, Name    string
	IsPrivate   bool
	BotIsMember bool
}

// AddUser adds or replaces a user; users.info answers from these.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.initLocked()
	s.users[u.ID] = u
}

// AddChannel adds or replaces a channel.
func (s *Server) AddChannel(c Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.initLocked()
	s.channels[c.ID] = c
}

// DMChannel returns the D… id of the bot's DM with userID, the one
// conversations.open returns. It is stable for the server's life.
func (s *Server) DMChannel(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.initLocked()
	return s.dmLocked(userID)
}

func (s *Server) dmLocked(userID string) string {
	if d, ok := s.dms[userID]; ok {
		return d
	}
	d := fmt.Sprintf("D%07d", len(s.dms)+1)
	s.dms[userID] = d
	s.dmUsers[d] = userID
	return d
}

func (u User) handle() string {
	if u.Name != "" {
		return u.Name
	}
	return strings.ToLower(u.ID)
}

// userNameLocked is the handle payloads carry for userID, known or not.
func (s *Server) userNameLocked(userID string) string {
	if u, ok := s.users[userID]; ok {
		return u.handle()
	}
	return strings.ToLower(userID)
}

// target is where a chat method's channel argument resolves to.
type target struct {
	channel string // the C…/G…/D… id messages are stored under
	dmUser  string // set for DMs
}

// resolveLocked applies Slack's rules for posting to channel: U… means the
// DM with that user, D… must be an opened DM, private channels need the bot
// as a member (non-members get channel_not_found, since Slack hides them),
// and public channels need membership only without chat:write.public.
func (s *Server) resolveLocked(channel string) (target, string) {
	switch {
	case channel == "":
		return target{}, "channel_not_found"
	case strings.HasPrefix(channel, "U") || strings.HasPrefix(channel, "W"):
		if _, ok := s.users[channel]; !ok {
			return target{}, "channel_not_found"
		}
		return target{channel: s.dmLocked(channel), dmUser: channel}, ""
	case strings.HasPrefix(channel, "D"):
		u, ok := s.dmUsers[channel]
		if !ok {
			return target{}, "channel_not_found"
		}
		return target{channel: channel, dmUser: u}, ""
	}
	c, known := s.channels[channel]
	if !known {
		// Unknown G… ids are private channels the bot cannot see.
		c = Channel{ID: channel, IsPrivate: strings.HasPrefix(channel, "G")}
	}
	if c.IsPrivate && !c.BotIsMember {
		return target{}, "channel_not_found"
	}
	if !c.BotIsMember && s.NoChatWritePublic {
		return target{}, "not_in_channel"
	}
	return target{channel: channel}, ""
}

func (s *Server) channelNameLocked(id string) string {
	if c, ok := s.channels[id]; ok && c.Name != "" {
		return c.Name
	}
	if strings.HasPrefix(id, "D") {
		return "directmessage"
	}
	return strings.ToLower(id)
}
