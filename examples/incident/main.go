// Command incident walks a personal-information security incident through
// lawful's incident register: voice samples leaked at All Voice Lab (趣丸千音,
// seed 000), a service under the PIPL that also serves people in the EU,
// so the GDPR applies too (GDPR art. 3(2)).
//
// It shows the discovery and the classification, the legal clocks they
// start (the Reporting Measures' 4-hour report to the provincial
// cyberspace administration, PIPL art. 57's notices, GDPR art. 33's 72
// hours, which cross the end of daylight saving in Europe/Berlin and stay
// 72 elapsed hours), a notice refused because it lacks an item the law
// requires, the overdue query an on-call engineer runs, the notices
// rendered in Chinese and English from the record, and the closure record
// with the record's hash-chain head.
//
// The register keeps its events in memory; in production give it
// sqlstore's IncidentStore and IncidentAnchors (see package sqlstore).
//
//	go run ./examples/incident
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
	_ "time/tzdata" // Europe/Berlin, whatever the host has

	"github.com/google/uuid"

	"github.com/lawfulgo/lawful/incident"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "incident:", err)
		os.Exit(1)
	}
}

var (
	// cst is China Standard Time, in which the PIPL clocks are read.
	cst = time.FixedZone("CST", 8*3600)
	// discovered is Friday 23 October 2026, 18:40 in Beijing: the GDPR's
	// 72 hours end after Europe leaves summer time on Sunday the 25th.
	discovered = time.Date(2026, 10, 23, 18, 40, 0, 0, cst)
)

// stepClock is the register's clock: the example moves it forward.
type stepClock struct{ now time.Time }

func (c *stepClock) Now() time.Time { return c.now }

// story is the example's state: the register, its clock and the incident.
type story struct {
	ctx     context.Context
	w       io.Writer
	reg     *incident.Register
	clk     *stepClock
	id      uuid.UUID
	berlin  *time.Location
	profile incident.Profile
}

// record records e at the register's clock, e.At being now.
func (s *story) record(at time.Time, e incident.Event) error {
	s.clk.now = at
	e.At, e.Actor = at, "security-oncall"
	if _, err := s.reg.Record(s.ctx, s.id, e); err != nil {
		return fmt.Errorf("recording %v: %w", e.Kind, err)
	}
	return nil
}

func run(w io.Writer) error {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return fmt.Errorf("loading Europe/Berlin (the binary embeds time/tzdata): %w", err)
	}
	s := &story{ctx: context.Background(), w: w, clk: &stepClock{now: discovered}, berlin: berlin,
		profile: incident.Profile{Operator: incident.Ordinary, Name: purpose.Text{EN: "All Voice Lab", ZH: "趣丸千音"},
			Contact: "team@allvoicelab.com", Zone: cst}}
	s.reg, err = incident.New(incident.Config{Store: incident.NewMemStore(), Clock: s.clk, Profile: s.profile})
	if err != nil {
		return err
	}
	for _, step := range []func() error{s.discover, s.classify, s.clocks, s.refusedNotice, s.report, s.overdue, s.notify, s.close} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// discover opens the incident: the discovery starts the PIPL clocks.
func (s *story) discover() error {
	var err error
	s.id, err = s.reg.Open(s.ctx, incident.Event{Kind: incident.Opened, At: discovered, Actor: "security-oncall",
		Nature: incident.Leak, Laws: incident.PIPL | incident.GDPR, Occurred: discovered.Add(-26 * time.Hour),
		Text: purpose.Text{EN: "An object-storage bucket of voice samples was publicly readable", ZH: "存放声音样本的对象存储桶可被公开读取"}})
	if err != nil {
		return fmt.Errorf("opening the incident: %w", err)
	}
	fmt.Fprintln(s.w, "All Voice Lab (趣丸千音): voice samples leaked")
	fmt.Fprintln(s.w)
	fmt.Fprintf(s.w, "1. Discovered %s (%s in Berlin): a leak under PIPL and GDPR.\n",
		discovered.Format("Mon 2006-01-02 15:04 MST"), discovered.In(s.berlin).Format("15:04 MST"))
	return nil
}

// classify records who is affected and grades the incident.
func (s *story) classify() error {
	const people = 1_200_000
	if err := s.record(discovered.Add(30*time.Minute), incident.Event{Kind: incident.Affected,
		Categories: pii.MustParseSet("biometric.voice_sample,contact.phone"), Estimate: people}); err != nil {
		return err
	}
	rules := s.reg.Rules()
	grade := rules.SuggestGrade(people)
	if err := s.record(discovered.Add(40*time.Minute), incident.Event{Kind: incident.Classified, Grade: grade, Risk: incident.RiskHigh,
		Laws: incident.PIPL | incident.GDPR, Text: purpose.Text{EN: "Voice samples can be used to imitate voices", ZH: "声音样本可被用于仿冒声音"}}); err != nil {
		return err
	}
	fmt.Fprintf(s.w, "2. Classified: about %d people, voice samples and phone numbers; grade %v (Reporting Measures), risk %v (GDPR art. 34).\n\n", people, grade, incident.RiskHigh)
	return nil
}

// clocks prints the notification duties the classification started.
func (s *story) clocks() error {
	cs, err := s.reg.Clocks(s.ctx, s.id)
	if err != nil {
		return err
	}
	now := discovered.Add(time.Hour)
	fmt.Fprintf(s.w, "3. The legal clocks at %s:\n", now.Format("15:04 MST"))
	for _, c := range cs {
		due := "no fixed deadline"
		if !c.Due.IsZero() {
			due = "due " + c.Due.In(cst).Format("Mon 01-02 15:04 MST")
			if c.Law == incident.GDPR {
				due += fmt.Sprintf(" = %s in Berlin, %.0f elapsed hours", c.Due.In(s.berlin).Format("Mon 15:04 MST"), c.Due.Sub(c.Start).Hours())
			}
		}
		fmt.Fprintf(s.w, "   %-20s to %-22s %-5v %s [%s] (%s)\n", c.Duty, c.Audience, c.Law, due, c.State(now), c.Cite)
	}
	fmt.Fprintln(s.w)
	return nil
}

// notice is the complete notice, in Chinese and English.
var notice = incident.Notice{
	Causes:   purpose.Text{EN: "A storage bucket holding voice samples was left publicly readable by a configuration change.", ZH: "一次配置变更使存放声音样本的存储桶可被公开读取。"},
	Harm:     purpose.Text{EN: "Your voice could be imitated in calls or recordings; your phone number may receive fraudulent calls.", ZH: "您的声音可能被仿冒用于电话或录音；您的手机号码可能接到诈骗电话。"},
	Measures: purpose.Text{EN: "We closed public access, rotated the storage keys and are deleting copies found online.", ZH: "我们已关闭公开访问、更换存储密钥，并正在删除网上发现的副本。"},
	SelfHelp: purpose.Text{EN: "Be wary of calls or voice messages that sound like you or your family; confirm money requests by another channel.", ZH: "警惕听起来像您或您家人的来电或语音消息；涉及转账时请通过其他渠道核实。"},
	Contact:  "team@allvoicelab.com",
}

// refusedNotice tries to mark a notice to the people affected as sent
// without the harm and what they can do: the register refuses it.
func (s *story) refusedNotice() error {
	draft := notice
	draft.Harm, draft.SelfHelp = purpose.Text{}, purpose.Text{}
	err := s.record(discovered.Add(90*time.Minute), incident.Event{Kind: incident.Notified, Audience: incident.Individuals, Channel: incident.SMS, Notice: draft})
	var inc *incident.IncompleteNoticeError
	if !errors.As(err, &inc) {
		return fmt.Errorf("a notice without the harm was recorded as sent (%v); PIPL art. 57 requires it", err)
	}
	fmt.Fprintln(s.w, "4. \"Mark the SMS to the people affected as sent\" is refused; the draft lacks:")
	for _, it := range inc.Missing {
		fmt.Fprintf(s.w, "   - %s (%s)\n", it.Name, it.Cite)
	}
	fmt.Fprintln(s.w)
	return nil
}

// report files the 4-hour report with the provincial cyberspace
// administration, first partial, then complete, and remediates.
func (s *story) report() error {
	if err := s.record(discovered.Add(2*time.Hour), incident.Event{Kind: incident.Remediated,
		Text: purpose.Text{EN: "Public access closed; storage keys rotated", ZH: "已关闭公开访问；已更换存储密钥"}}); err != nil {
		return err
	}
	if err := s.record(discovered.Add(3*time.Hour+20*time.Minute), incident.Event{Kind: incident.Notified, Audience: incident.ProvincialCAC,
		Channel: incident.Portal, Partial: true, Notice: notice, Ref: "GD-CAC-2026-1023-017"}); err != nil {
		return err
	}
	if err := s.record(discovered.Add(20*time.Hour), incident.Event{Kind: incident.Notified, Audience: incident.ProvincialCAC,
		Channel: incident.Portal, Notice: notice, Ref: "GD-CAC-2026-1023-017-2"}); err != nil {
		return err
	}
	fmt.Fprintln(s.w, "5. Reported to the provincial CAC at 22:00 CST, within 4 hours (partial), completed on Saturday.")
	fmt.Fprintln(s.w)
	return nil
}

// overdue is the on-call engineer's query on Monday evening, and the
// sweep that records what it found in the record.
func (s *story) overdue() error {
	at := time.Date(2026, 10, 26, 19, 0, 0, 0, cst)
	s.clk.now = at
	alerts, err := s.reg.SweepAt(s.ctx, at)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.w, "6. Overdue at %s:\n", at.Format("Mon 01-02 15:04 MST"))
	for _, a := range alerts {
		fmt.Fprintf(s.w, "   %v to %v was due %s (%s) and is recorded overdue\n", a.Clock.Duty, a.Clock.Audience, a.Clock.Due.In(cst).Format("Mon 15:04 MST"), a.Clock.Cite)
	}
	fmt.Fprintln(s.w)
	return nil
}

// notify tells the supervisory authority (late) and the people affected,
// and renders their notice from the record in both languages.
func (s *story) notify() error {
	at := time.Date(2026, 10, 26, 19, 30, 0, 0, cst)
	if err := s.record(at, incident.Event{Kind: incident.Notified, Audience: incident.SupervisoryAuthority, Channel: incident.Portal,
		Notice: notice, Ref: "BlnBDI-2026-88412"}); err != nil {
		return err
	}
	if err := s.record(at.Add(30*time.Minute), incident.Event{Kind: incident.Notified, Audience: incident.Individuals, Channel: incident.SMS, Notice: notice}); err != nil {
		return err
	}
	inc, err := s.reg.Get(s.ctx, s.id)
	if err != nil {
		return err
	}
	sent := inc.Notices[len(inc.Notices)-1]
	fmt.Fprintln(s.w, "7. The notice to the people affected, rendered from the record:")
	fmt.Fprintln(s.w)
	for _, lang := range []purpose.Lang{purpose.ZH, purpose.EN} {
		fmt.Fprintln(s.w, inc.Render(sent.Audience, sent.Notice, s.profile, lang))
	}
	return nil
}

// close closes the incident and prints the closure record.
func (s *story) close() error {
	at := time.Date(2026, 11, 6, 10, 0, 0, 0, cst)
	if err := s.record(at, incident.Event{Kind: incident.Closed,
		Text: purpose.Text{EN: "Copies removed; bucket policy checks added to deployment", ZH: "副本已删除；部署流程已加入存储桶策略检查"}}); err != nil {
		return err
	}
	inc, err := s.reg.Get(s.ctx, s.id)
	if err != nil {
		return err
	}
	fmt.Fprintln(s.w, "8. The closure record:")
	fmt.Fprintln(s.w)
	fmt.Fprint(s.w, inc.Report(s.profile, s.reg.Rules(), purpose.EN, at))
	return nil
}
