package config

import "errors"

// Sentinels that the errors of Parse wrap; test with errors.Is.
var (
	// ErrSyntax: the file is not valid YAML.
	ErrSyntax = errors.New("config: invalid YAML")
	// ErrUnknownKey: a key that the config does not define, at any level.
	ErrUnknownKey = errors.New("config: unknown key")
	// ErrDuplicateKey: a key given twice in one mapping.
	ErrDuplicateKey = errors.New("config: duplicate key")
	// ErrMissingKey: a required key is absent (e.g. a phase without "to").
	ErrMissingKey = errors.New("config: missing key")
	// ErrType: a mapping, list or single value where another is expected.
	ErrType = errors.New("config: wrong kind of value")
	// ErrInvalidValue: a value outside what its key allows.
	ErrInvalidValue = errors.New("config: invalid value")
	// ErrInvalidDate: a date that is not a valid YYYY-MM-DD.
	ErrInvalidDate = errors.New("config: invalid date")
	// ErrDateOrder: a period or event whose from is after its to.
	ErrDateOrder = errors.New("config: from is after to")
	// ErrOverlap: two phases share a date.
	ErrOverlap = errors.New("config: overlapping phases")
	// ErrBaselineOrder: the baseline does not end before every phase starts.
	ErrBaselineOrder = errors.New("config: baseline not before phases")
	// ErrUnknownRuleType: a phase rule type other than weekday or rotation.
	ErrUnknownRuleType = errors.New("config: unknown rule type")
	// ErrUnknownWeekday: a name that is not a weekday, or a weekday rule's
	// day outside the workweek.
	ErrUnknownWeekday = errors.New("config: unknown weekday")
	// ErrEmptyWorkweek: a workweek without days.
	ErrEmptyWorkweek = errors.New("config: empty workweek")
	// ErrMissingWeekdays: a weekday rule without weekdays.
	ErrMissingWeekdays = errors.New("config: weekday rule without weekdays")
	// ErrTooFewGroups: a rotation rule with fewer than two groups.
	ErrTooFewGroups = errors.New("config: rotation rule with fewer than two groups")
	// ErrUnknownAlternate: a rotation alternate other than daily or weekly.
	ErrUnknownAlternate = errors.New("config: unknown alternate")
	// ErrRuleKey: a rule key that does not apply to the rule's type.
	ErrRuleKey = errors.New("config: key does not apply to rule type")
	// ErrDuplicateID: two phases with the same id.
	ErrDuplicateID = errors.New("config: duplicate phase id")
	// ErrReservedID: a phase id reserved for another meaning.
	ErrReservedID = errors.New("config: reserved phase id")
)

// problem is a message for the user that unwraps to a sentinel, so that the
// printed text stays free of the sentinel's own wording.
type problem struct {
	msg  string
	kind error
}

func (p *problem) Error() string { return p.msg }
func (p *problem) Unwrap() error { return p.kind }
