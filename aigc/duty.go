package aigc

import (
	"strings"
	"time"

	"github.com/lawfulgo/lawful/internal/enum"
	"github.com/lawfulgo/lawful/purpose"
)

// Medium is the form of generated content (Labelling Measures art. 4).
type Medium uint8

const (
	// MediumUnknown is the zero Medium; never valid.
	MediumUnknown Medium = iota
	// Text: generated or synthesised text (art. 4(1)).
	Text
	// Audio: synthesised speech, cloned voices, music (art. 4(2)).
	Audio
	// Image: generated images, face swaps (art. 4(3)).
	Image
	// Video: generated video, digital humans (art. 4(4)).
	Video
	// VirtualScene: generated virtual scenes (art. 4(5)).
	VirtualScene
	// Other: other generation scenes, such as interactive ones (art.
	// 4(6)).
	Other
)

var mediumEnum = enum.Names{Pkg: "aigc", Type: "Medium", Kind: "medium", Err: ErrInvalid,
	Names: []string{"", "text", "audio", "image", "video", "virtual_scene", "other"}}

// String returns the medium's stable name, e.g. "audio".
func (m Medium) String() string { return mediumEnum.String(uint8(m)) }

// Valid reports whether m is a known medium.
func (m Medium) Valid() bool { return mediumEnum.Valid(uint8(m)) }

// MarshalText implements encoding.TextMarshaler.
func (m Medium) MarshalText() ([]byte, error) { return mediumEnum.Marshal(uint8(m)) }

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *Medium) UnmarshalText(b []byte) error {
	v, err := mediumEnum.Parse(b)
	if err == nil {
		*m = Medium(v)
	}
	return err
}

var placements = [...]purpose.Text{
	{},
	{EN: "a text prompt or a common symbol at the beginning, the end or a suitable place in the middle of the text, or in the interface around it",
		ZH: "在文本的起始、末尾或者中间适当位置添加文字提示或者通用符号提示等标识,或者在交互场景界面或者文字周边添加显著的提示标识"},
	{EN: "a spoken prompt or an audio rhythm prompt at the beginning, the end or a suitable place in the middle, or a prominent prompt in the interface",
		ZH: "在音频的起始、末尾或者中间适当位置添加语音提示或者音频节奏提示等标识,或者在交互场景界面中添加显著的提示标识"},
	{EN: "a prominent prompt at a suitable place on the image",
		ZH: "在图片的适当位置添加显著的提示标识"},
	{EN: "a prominent prompt on the opening frame and at suitable places around the video during playback; may add one at the end or in the middle",
		ZH: "在视频起始画面和视频播放周边的适当位置添加显著的提示标识,可以在视频末尾和中间适当位置添加显著的提示标识"},
	{EN: "a prominent prompt on the opening screen; may add one at suitable places while the scene runs",
		ZH: "在起始画面的适当位置添加显著的提示标识,可以在虚拟场景持续服务过程中的适当位置添加显著的提示标识"},
	{EN: "a prominent prompt suited to the scene's features",
		ZH: "根据自身应用特点添加显著的提示标识"},
}

// Placement says where the explicit label of content in m goes
// (Labelling Measures art. 4(1)–(6)), in English and Chinese; zero for an
// invalid m.
func (m Medium) Placement() purpose.Text {
	if !m.Valid() {
		return purpose.Text{}
	}
	return placements[m]
}

// DefaultExplicitText is a plain explicit label text for generated
// content; services may word their own.
var DefaultExplicitText = purpose.Text{EN: "AI-generated", ZH: "人工智能生成"}

// Role is a service's part in generated content's life.
type Role uint8

const (
	// RoleUnknown is the zero Role; never valid.
	RoleUnknown Role = iota
	// Provider: a service that generates or synthesises content (Labelling
	// Measures arts. 4, 5, 8, 9).
	Provider
	// Platform: a service that propagates content others publish
	// (art. 6).
	Platform
	// AppStore: an application distribution platform (art. 7).
	AppStore
)

var roleEnum = enum.Names{Pkg: "aigc", Type: "Role", Kind: "role", Err: ErrInvalid,
	Names: []string{"", "provider", "platform", "app_store"}}

// String returns the role's stable name.
func (r Role) String() string { return roleEnum.String(uint8(r)) }

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return roleEnum.Valid(uint8(r)) }

// Duty is a set of labelling duties.
type Duty uint16

const (
	// ExplicitLabel: label the content so people perceive it (art. 4), as
	// Medium.Placement says.
	ExplicitLabel Duty = 1 << iota
	// ExplicitInExports: files offered for download, copy or export keep
	// the explicit label (art. 4 para 2).
	ExplicitInExports
	// ImplicitLabel: add the implicit label to the file's metadata: the
	// content's attribute, the provider's name or code, the content's
	// number (art. 5 para 1; GB 45438-2025); a Metadata with the
	// provider's fields.
	ImplicitLabel
	// UserAgreement: the user agreement states the labelling methods and
	// styles and asks users to read them (art. 8).
	UserAgreement
	// UserLabellingDuty: content given without an explicit label on a
	// user's request goes only to users whose agreement sets out their
	// own labelling duty (art. 9).
	UserLabellingDuty
	// LogRecipients: log who received content without an explicit label
	// and keep the logs at least six months (art. 9).
	LogRecipients
	// VerifyMetadata: check published files' metadata for an implicit
	// label, and label the content prominently as generated when found
	// (art. 6(1)).
	VerifyMetadata
	// PromptDeclared: when a user declares content generated, prompt that
	// it may be (art. 6(2)).
	PromptDeclared
	// PromptSuspected: when traces of generation are detected, prompt that
	// it is suspected generated (art. 6(3)).
	PromptSuspected
	// AddPropagation: add the propagation elements (attribute, platform's
	// name or code, content number) to the metadata of content so labelled
	// (art. 6 para 2); a Metadata with the platform's fields.
	AddPropagation
	// OfferDeclaration: offer users the labelling function and remind them
	// to declare generated content (art. 6(4)).
	OfferDeclaration
	// VerifyApps: ask apps whether they generate content and check their
	// labelling materials (art. 7).
	VerifyApps
	// KeepLabels: never delete, alter, forge or hide labels, nor offer
	// tools to (art. 10).
	KeepLabels
)

var dutyNames = []string{"explicit_label", "explicit_in_exports", "implicit_label", "user_agreement", "user_labelling_duty",
	"log_recipients", "verify_metadata", "prompt_declared", "prompt_suspected", "add_propagation", "offer_declaration", "verify_apps", "keep_labels"}

// Has reports whether every duty of e is in d.
func (d Duty) Has(e Duty) bool { return d&e == e }

// String returns the duty names joined by commas.
func (d Duty) String() string {
	var parts []string
	for i, n := range dutyNames {
		if d&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	return strings.Join(parts, ",")
}

// Duties returns the labelling duties of a service in role for content of
// medium m. unlabelled marks a provider that gives users content without
// an explicit label at their request (art. 9). An invalid role or medium
// has no duties.
func Duties(role Role, m Medium, unlabelled bool) Duty {
	if !role.Valid() || role != AppStore && !m.Valid() {
		return 0
	}
	switch role {
	case Provider:
		d := ExplicitLabel | ExplicitInExports | ImplicitLabel | UserAgreement | KeepLabels
		if unlabelled {
			d |= UserLabellingDuty | LogRecipients
		}
		return d
	case Platform:
		return VerifyMetadata | PromptDeclared | PromptSuspected | AddPropagation | OfferDeclaration | KeepLabels
	}
	return VerifyApps | KeepLabels
}

// LogRetention is how long logs of unlabelled content's recipients are
// kept at least: six months (Labelling Measures art. 9).
const LogRetention = 6 // months

// KeepLogUntil returns the first instant a log written at at may be
// deleted: the start of the day after the date six months on, in loc (a
// period of months ends on the corresponding date, Civil Code art. 202;
// the month's last day when there is none).
func KeepLogUntil(at time.Time, loc *time.Location) time.Time {
	d := at.In(loc)
	y, m, day := d.Date()
	end := time.Date(y, m+LogRetention, day, 0, 0, 0, 0, loc)
	if end.Day() != day {
		end = time.Date(y, m+LogRetention+1, 0, 0, 0, 0, 0, loc)
	}
	return end.AddDate(0, 0, 1)
}
