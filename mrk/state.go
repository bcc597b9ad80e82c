package mrk

// State is a key state (R3.1.1). The zero value is not a state.
type State uint8

// The key states, spelled by String as AWS spells them.
const (
	Creating State = iota + 1
	Enabled
	Disabled
	PendingDeletion
	PendingImport
	PendingReplicaDeletion
	Unavailable
	Updating
	numStates
)

var stateNames = [numStates]string{"", "Creating", "Enabled", "Disabled", "PendingDeletion", "PendingImport",
	"PendingReplicaDeletion", "Unavailable", "Updating"}

// String returns the state as AWS spells it, e.g. "PendingReplicaDeletion".
func (s State) String() string {
	if s < numStates {
		return stateNames[s]
	}
	return "State(?)"
}

// ParseState returns the State spelled s, or false.
func ParseState(s string) (State, bool) {
	for i := Creating; i < numStates; i++ {
		if stateNames[i] == s {
			return i, true
		}
	}
	return 0, false
}

// Edge is a pair of states a member may move between in one step.
type Edge struct{ From, To State }

// Edges is the transition relation of R3.2.1 restricted to the transitions
// the simulator implements (T1–T18). A zero From stands for "the key did
// not exist".
// Tests check every observed change of state against it.
var Edges = map[Edge]string{
	{0, Enabled}:                              "T1 CreateKey AWS_KMS",
	{0, PendingImport}:                        "T2 CreateKey EXTERNAL",
	{0, Creating}:                             "T3 ReplicateKey",
	{Creating, Enabled}:                       "T4 creation finished",
	{Creating, PendingImport}:                 "T5 creation finished, EXTERNAL",
	{Enabled, Disabled}:                       "T6 DisableKey",
	{Disabled, Enabled}:                       "T7 EnableKey, T15b ImportKeyMaterial",
	{Enabled, PendingDeletion}:                "T8 ScheduleKeyDeletion",
	{Disabled, PendingDeletion}:               "T8 ScheduleKeyDeletion",
	{PendingImport, PendingDeletion}:          "T8 ScheduleKeyDeletion",
	{Creating, PendingDeletion}:               "T8 ScheduleKeyDeletion",
	{Enabled, PendingReplicaDeletion}:         "T9 ScheduleKeyDeletion with replicas",
	{Disabled, PendingReplicaDeletion}:        "T9 ScheduleKeyDeletion with replicas",
	{PendingImport, PendingReplicaDeletion}:   "T9 ScheduleKeyDeletion with replicas",
	{PendingReplicaDeletion, PendingDeletion}: "T10 last replica deleted",
	{PendingDeletion, Disabled}:               "T11 CancelKeyDeletion",
	{PendingReplicaDeletion, Disabled}:        "T11 CancelKeyDeletion",
	{PendingDeletion, PendingImport}:          "T11 CancelKeyDeletion without material",
	{PendingReplicaDeletion, PendingImport}:   "T11 CancelKeyDeletion without material",
	{Enabled, Updating}:                       "T13 UpdatePrimaryRegion",
	{Updating, Enabled}:                       "T14 update finished",
	{PendingImport, Enabled}:                  "T15 ImportKeyMaterial completes the member's material",
	{Enabled, PendingImport}:                  "T16 material deleted or expired, T18 rotation to material the member lacks",
	{Disabled, PendingImport}:                 "T16 material deleted or expired, T18 rotation to material the member lacks",
	{Updating, PendingImport}:                 "T14 update finished after the member lost its material (T16)",
}
