package incident_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lawfulgo/lawful/incident"
	"github.com/lawfulgo/lawful/pii"
	"github.com/lawfulgo/lawful/purpose"
)

// fixed is a clock stopped at one instant.
type fixed time.Time

func (f fixed) Now() time.Time { return time.Time(f) }

func ExampleRegister() {
	ctx := context.Background()
	discovered := time.Date(2026, 6, 3, 9, 40, 0, 0, time.FixedZone("CST", 8*3600))
	reg, _ := incident.New(incident.Config{
		Store:   incident.NewMemStore(),
		Clock:   fixed(discovered.Add(time.Hour)),
		Profile: incident.Profile{Operator: incident.Ordinary, Contact: "dpo@example.com"},
	})
	id, _ := reg.Open(ctx, incident.Event{Kind: incident.Opened, At: discovered, Nature: incident.Leak,
		Laws: incident.PIPL, Text: purpose.Text{EN: "Export bucket public", ZH: "导出存储桶被公开"}})
	_, _ = reg.Record(ctx, id, incident.Event{Kind: incident.Classified, At: discovered.Add(10 * time.Minute), Grade: incident.RelativelyMajor})

	// A notice missing the causes is not recorded as sent (PIPL art. 57).
	_, err := reg.Record(ctx, id, incident.Event{Kind: incident.Notified, At: discovered.Add(30 * time.Minute),
		Audience: incident.ProvincialCAC, Channel: incident.Portal, Notice: incident.Notice{Contact: "dpo@example.com"}})
	fmt.Println(errors.Is(err, incident.ErrNoticeIncomplete))

	clocks, _ := reg.Clocks(ctx, id)
	for _, c := range clocks {
		due := "no fixed deadline"
		if !c.Due.IsZero() {
			due = "due " + c.Due.In(discovered.Location()).Format("15:04")
		}
		fmt.Printf("%s to %s: %s, %s\n", c.Duty, c.Audience, due, c.State(discovered.Add(time.Hour)))
	}
	// Output:
	// true
	// report_incident to provincial_cac: due 13:40, pending
	// notify_individuals to individuals: no fixed deadline, pending
}

func ExampleIncident_Render() {
	inc := incident.Incident{Laws: incident.PIPL, Nature: incident.Leak,
		Discovered: time.Date(2026, 6, 3, 9, 40, 0, 0, time.UTC), Categories: pii.MustParseSet("contact.email")}
	n := incident.Notice{
		Causes:   purpose.Text{ZH: "配置错误"},
		Harm:     purpose.Text{ZH: "可能收到垃圾邮件"},
		Measures: purpose.Text{ZH: "已修复配置"},
		SelfHelp: purpose.Text{ZH: "警惕可疑邮件"},
		Contact:  "dpo@example.com",
	}
	fmt.Println(len(inc.Missing(incident.Individuals, n, false)))
	fmt.Print(inc.Render(incident.Individuals, n, incident.Profile{Operator: incident.Ordinary}, purpose.ZH))
	// Output:
	// 0
	// 个人信息安全事件告知
	//
	// 致:受影响的个人
	// 发现时间:2026年06月03日 17:40(UTC+08:00)
	// 事件性质:个人信息泄露
	// 涉及的个人信息种类:电子邮箱
	// 事件原因:配置错误
	// 可能造成的危害:可能收到垃圾邮件
	// 已采取的补救措施:已修复配置
	// 您可以采取的减轻危害的措施:警惕可疑邮件
	// 联系方式:dpo@example.com
}
