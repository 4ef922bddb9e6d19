package generate

// Effects are the effect sizes planted in the synthetic city. The zero value
// plants nothing: every knob is defined so that 0 means "no effect", which
// makes Effects{} a null city for checking false alarms. No effect is ever
// planted in an exempt department (policy exempt_opds) or, for attendance,
// on exempt employees (job category essential).
//
// A "closed day" is a working day on which a weekday rule (Phase I: every
// Thursday) sends the whole department home; a "rotation day" is a working
// day of a rotation phase (Phase II: groups A and B alternate daily, so half
// the staff are home every day).
type Effects struct {
	// ClosedDaySaving is the share of a working day's use saved, per cost
	// category, on a closed day.
	ClosedDaySaving Savings `json:"closed_day_saving"`
	// RotationSaving is the share of a working day's use saved, per cost
	// category, on a rotation day.
	RotationSaving Savings `json:"rotation_saving"`
	// ServerShare is the share of the electricity of a department with
	// servers that cannot be switched off: its electricity savings are
	// multiplied by 1 − ServerShare (DISKOMINFO, BPKAD, BAPENDA, DISDUKCAPIL).
	ServerShare float64 `json:"server_share"`

	// AffectedOPDs are the departments whose public service suffers when
	// their staff are home. Codes of exempt departments are ignored.
	AffectedOPDs []string `json:"affected_opds"`
	// ClosedDayResolutionIncrease lengthens every resolution time of a
	// ticket created on a closed day in an affected department by this
	// fraction (0.4: times × 1.4). SLA-met rates fall as a consequence.
	ClosedDayResolutionIncrease float64 `json:"closed_day_resolution_increase"`
	// RotationResolutionIncrease does the same on rotation days.
	RotationResolutionIncrease float64 `json:"rotation_resolution_increase"`
	// OnlineShift is the share of walk-in tickets that come in online
	// instead on closed and rotation days in affected departments; the
	// number of tickets does not change.
	OnlineShift float64 `json:"online_shift"`

	// LateReductionWFH lowers the probability of checking in late when
	// working from home, from 0.08 to 0.08 − LateReductionWFH.
	LateReductionWFH float64 `json:"late_reduction_wfh"`
	// SickReductionWFH lowers the probability of a sick day on a day
	// scheduled WFH by this fraction (0.2: 2.0% → 1.6%); the difference
	// goes to present.
	SickReductionWFH float64 `json:"sick_reduction_wfh"`
	// WorkHoursChangeWFH is added to the mean hours between check-in and
	// check-out when working from home (−0.25: a quarter hour less).
	WorkHoursChangeWFH float64 `json:"work_hours_change_wfh"`
	// NonCompliance is the probability that a non-exempt employee present
	// on a working day of a phase works in the other mode than scheduled.
	NonCompliance float64 `json:"non_compliance"`

	// AttendanceAffectedOPDs are the departments whose staff are more
	// often absent on the days they are scheduled to work from home. Codes
	// of exempt departments are ignored.
	AttendanceAffectedOPDs []string `json:"attendance_affected_opds,omitempty"`
	// AbsenceIncreaseWFH raises the probability of status absent by this
	// amount, taken from present, on a working day scheduled WFH for an
	// employee of an attendance-affected department (0.06: absent 0.4% →
	// 6.4%), so attendance_rate on those days falls by as much. At most
	// maxAbsenceIncrease.
	//
	// The two attendance-affected knobs are left out of planted_effects
	// when they are zero, so that truth.json of a city without them is
	// the one the generator wrote before they existed.
	AbsenceIncreaseWFH float64 `json:"absence_increase_wfh,omitempty"`
}

// maxAbsenceIncrease bounds Effects.AbsenceIncreaseWFH: present keeps a
// probability of at least 0.39 on every day (0.399 in December at 0.5).
const maxAbsenceIncrease = 0.5

// Savings are shares of a working day's use saved, per cost category.
// Categories not listed (telecom, office supplies, travel, other) are never
// affected.
type Savings struct {
	Electricity float64 `json:"electricity"`
	Water       float64 `json:"water"`
	Fuel        float64 `json:"fuel"`
	Meals       float64 `json:"meals"`
}

// DefaultEffects returns the effects of the default city: closing a
// department for a day saves far more than sending half its staff home
// (as West Java reported), server departments save least, and Disdukcapil
// and DPMPTSP serve the public worse on their WFH days.
func DefaultEffects() Effects {
	return Effects{
		ClosedDaySaving:             Savings{Electricity: 0.40, Water: 0.45, Fuel: 0.30, Meals: 0.60},
		RotationSaving:              Savings{Electricity: 0.06, Water: 0.10, Fuel: 0.08, Meals: 0.20},
		ServerShare:                 0.70,
		AffectedOPDs:                []string{"DISDUKCAPIL", "DPMPTSP"},
		ClosedDayResolutionIncrease: 0.40,
		RotationResolutionIncrease:  0.15,
		OnlineShift:                 0.30,
		LateReductionWFH:            0.04,
		SickReductionWFH:            0.20,
		WorkHoursChangeWFH:          -0.25,
		NonCompliance:               0.03,
	}
}

// saving returns the share of category c's use saved; c is one of the cost
// category indexes.
func (s Savings) saving(c int) float64 {
	switch c {
	case costElectricity:
		return s.Electricity
	case costWater:
		return s.Water
	case costFuel:
		return s.Fuel
	case costMeals:
		return s.Meals
	}
	return 0
}
