package pipeline

// EnumValues lists, per dataset kind, the enum columns that the config's
// values: may add words to and their canonical values (docs/contract.md
// §1). ingest's word tables hold these and their Indonesian aliases
// (a test in ingest checks that both agree).
var EnumValues = map[string]map[string][]string{
	KindEmployees:  {"job_category": {"front_office", "back_office", "field", "essential"}},
	KindAttendance: {"status": {"present", "leave", "sick", "permit", "official_travel", "absent"}, "work_mode": {"WFO", "WFH"}},
	KindCosts:      {"category": {"electricity", "water", "fuel", "telecom", "office_supplies", "meals", "travel", "other"}},
	KindTickets:    {"channel": {"walk_in", "online", "phone", "chat", "other"}, "status": {"open", "resolved", "cancelled"}},
}
