package mrk

// Op is an operation that acts on an existing key: a row of the key-state
// matrix (R3.6.1).
type Op uint8

// The rows of the matrix, in SPEC order.
const (
	OpCancelKeyDeletion Op = iota
	OpCreateAlias
	OpCreateGrant
	OpDecrypt
	OpDeleteAlias
	OpDeleteImportedKeyMaterial
	OpDeriveSharedSecret
	OpDescribeKey
	OpDisableKey
	OpDisableKeyRotation
	OpEnableKey
	OpEnableKeyRotation
	OpEncrypt
	OpGenerateDataKey
	OpGenerateDataKeyPair
	OpGenerateDataKeyPairWithoutPlaintext
	OpGenerateDataKeyWithoutPlaintext
	OpGenerateMac
	OpGetKeyLastUsage
	OpGetKeyPolicy
	OpGetKeyRotationStatus
	OpGetParametersForImport
	OpGetPublicKey
	OpImportKeyMaterial
	OpListAliases
	OpListGrants
	OpListKeyPolicies
	OpListKeyRotations
	OpListResourceTags
	OpPutKeyPolicy
	OpReEncrypt
	OpReplicateKey
	OpRetireGrant
	OpRevokeGrant
	OpRotateKeyOnDemand
	OpScheduleKeyDeletion
	OpSign
	OpTagResource
	OpUntagResource
	OpUpdateAlias
	OpUpdateKeyDescription
	OpUpdatePrimaryRegion
	OpVerify
	OpVerifyMac
	// The operations aws-sdk-go-v2 knows and the API model does not
	// (A0.25.1), after the model's.
	OpEncapsulate
	OpDecapsulate
	numOps
)

var opNames = [numOps]string{"CancelKeyDeletion", "CreateAlias", "CreateGrant", "Decrypt", "DeleteAlias",
	"DeleteImportedKeyMaterial", "DeriveSharedSecret", "DescribeKey", "DisableKey", "DisableKeyRotation",
	"EnableKey", "EnableKeyRotation", "Encrypt", "GenerateDataKey", "GenerateDataKeyPair",
	"GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext", "GenerateMac", "GetKeyLastUsage",
	"GetKeyPolicy", "GetKeyRotationStatus", "GetParametersForImport", "GetPublicKey", "ImportKeyMaterial",
	"ListAliases", "ListGrants", "ListKeyPolicies", "ListKeyRotations", "ListResourceTags", "PutKeyPolicy",
	"ReEncrypt", "ReplicateKey", "RetireGrant", "RevokeGrant", "RotateKeyOnDemand", "ScheduleKeyDeletion", "Sign",
	"TagResource", "UntagResource", "UpdateAlias", "UpdateKeyDescription", "UpdatePrimaryRegion", "Verify",
	"VerifyMac", "Encapsulate", "Decapsulate"}

// String returns the operation's API name.
func (o Op) String() string {
	if o < numOps {
		return opNames[o]
	}
	return "Op(?)"
}

// Ops returns every row of the matrix.
func Ops() []Op {
	ops := make([]Op, numOps)
	for i := range ops {
		ops[i] = Op(i)
	}
	return ops
}

// Outcome is a cell of the key-state matrix: success or one of the coded
// failures of R3.7.1.
type Outcome uint8

// The outcome codes of R3.7.1 that depend on state alone.
const (
	OK   Outcome = iota
	EDIS         // DisabledException "<arn> is disabled."
	EPD          // KMSInvalidStateException "<arn> is pending deletion."
	EPRD         // KMSInvalidStateException "<arn> is pending replica deletion."
	ENPD         // KMSInvalidStateException "<arn> is not pending deletion."
	EPI          // KMSInvalidStateException "<arn> is pending import."
	EUN          // KMSInvalidStateException "<arn> is unavailable."
	ECR          // KMSInvalidStateException "<arn> is creating."
	EUP          // KMSInvalidStateException "<arn> is updating."
	TEXT         // UnsupportedOperationException "<arn> origin is EXTERNAL which is not valid for this operation."
	TIMP         // UnsupportedOperationException "<arn> origin is AWS_KMS which is not valid for this operation."
	TROT         // UnsupportedOperationException, empty message
	NA           // the state cannot occur for this operation
)

var outcomeNames = [...]string{"OK", "E-DIS", "E-PD", "E-PRD", "E-NPD", "E-PI", "E-UN", "E-CR", "E-UP", "T-EXT", "T-IMP", "T-ROT", "n/a"}

// String returns the outcome's code as SPEC writes it, e.g. "E-PRD".
func (o Outcome) String() string { return outcomeNames[o] }

// Err returns the error of a failing outcome for the key whose ARN (in the
// called Region, R1.5.4) is arn, or nil for OK.
func (o Outcome) Err(arn string) *Error {
	switch o {
	case OK:
		return nil
	case EDIS:
		return &Error{CodeDisabled, arn + " is disabled."}
	case EPD:
		return &Error{CodeInvalidState, arn + " is pending deletion."}
	case EPRD:
		return &Error{CodeInvalidState, arn + " is pending replica deletion."}
	case ENPD:
		return &Error{CodeInvalidState, arn + " is not pending deletion."}
	case EPI:
		return &Error{CodeInvalidState, arn + " is pending import."}
	case EUN:
		return &Error{CodeInvalidState, arn + " is unavailable."}
	case ECR:
		return &Error{CodeInvalidState, arn + " is creating."}
	case EUP:
		return &Error{CodeInvalidState, arn + " is updating."}
	case TEXT:
		return &Error{CodeUnsupportedOperation, arn + " origin is EXTERNAL which is not valid for this operation."}
	case TIMP:
		return &Error{CodeUnsupportedOperation, arn + " origin is AWS_KMS which is not valid for this operation."}
	case TROT:
		return &Error{CodeUnsupportedOperation, ""}
	}
	return &Error{CodeInternal, arn + " is in a state the simulator cannot reach."}
}

// row is one line of the matrix, indexed by State.
type row [numStates]Outcome

// mk builds a row from the eight columns in SPEC order: Enabled, Disabled,
// PendingDeletion, PendingReplicaDeletion, PendingImport, Unavailable,
// Creating, Updating.
func mk(en, dis, pd, prd, pi, un, cr, up Outcome) row {
	var r row
	r[Enabled], r[Disabled], r[PendingDeletion], r[PendingReplicaDeletion] = en, dis, pd, prd
	r[PendingImport], r[Unavailable], r[Creating], r[Updating] = pi, un, cr, up
	r[0] = NA
	return r
}

// Matrix is the key-state matrix of R3.6.1: the single table every
// operation consults. Type rules marked (T:x) in SPEC are checked by the
// operations before the state (R3.8.1 step 4); the cells here are what is
// left once they pass. Cells derived for post-2023 operations follow O-17.
var Matrix = [numOps]row{
	OpCancelKeyDeletion:                   mk(ENPD, ENPD, OK, OK, ENPD, ENPD, ENPD, ENPD),
	OpCreateAlias:                         mk(OK, OK, EPD, EPRD, OK, OK, OK, OK),
	OpCreateGrant:                         mk(OK, EDIS, EPD, EPRD, EPI, OK, ECR, OK),
	OpDecrypt:                             mk(OK, EDIS, EPD, EPRD, EPI, EUN, ECR, OK),
	OpDeleteAlias:                         mk(OK, OK, OK, OK, OK, OK, OK, OK),
	OpDeleteImportedKeyMaterial:           mk(OK, OK, OK, OK, OK, NA, ECR, EUP),
	OpDeriveSharedSecret:                  mk(OK, EDIS, EPD, EPRD, EPI, NA, ECR, OK),
	OpDescribeKey:                         mk(OK, OK, OK, OK, OK, OK, OK, OK),
	OpDisableKey:                          mk(OK, OK, EPD, EPRD, EPI, OK, ECR, EUP),
	OpDisableKeyRotation:                  mk(OK, EDIS, EPD, EPRD, TEXT, TROT, ECR, OK),
	OpEnableKey:                           mk(OK, OK, EPD, EPRD, EPI, OK, ECR, EUP),
	OpEnableKeyRotation:                   mk(OK, EDIS, EPD, EPRD, TEXT, TROT, ECR, OK),
	OpEncrypt:                             mk(OK, EDIS, EPD, EPRD, EPI, EUN, ECR, OK),
	OpGenerateDataKey:                     mk(OK, EDIS, EPD, EPRD, EPI, EUN, ECR, OK),
	OpGenerateDataKeyPair:                 mk(OK, EDIS, EPD, EPRD, EPI, EUN, ECR, OK),
	OpGenerateDataKeyPairWithoutPlaintext: mk(OK, EDIS, EPD, EPRD, EPI, EUN, ECR, OK),
	OpGenerateDataKeyWithoutPlaintext:     mk(OK, EDIS, EPD, EPRD, EPI, EUN, ECR, OK),
	OpGenerateMac:                         mk(OK, EDIS, EPD, EPRD, EPI, NA, ECR, OK),
	OpGetKeyLastUsage:                     mk(OK, OK, OK, OK, OK, OK, OK, OK),
	OpGetKeyPolicy:                        mk(OK, OK, OK, OK, OK, OK, OK, OK),
	OpGetKeyRotationStatus:                mk(OK, OK, OK, OK, OK, OK, OK, OK),
	OpGetParametersForImport:              mk(OK, OK, EPD, EPRD, OK, TIMP, ECR, EUP),
	OpGetPublicKey:                        mk(OK, OK, EPD, EPRD, EPI, NA, ECR, OK),
	OpImportKeyMaterial:                   mk(OK, OK, EPD, EPRD, OK, TIMP, ECR, OK),
	OpListAliases:                         mk(OK, OK, OK, OK, OK, OK, OK, OK),
	OpListGrants:                          mk(OK, OK, OK, OK, OK, OK, OK, OK),
	OpListKeyPolicies:                     mk(OK, OK, OK, OK, OK, OK, OK, OK),
	OpListKeyRotations:                    mk(OK, OK, OK, OK, OK, TROT, OK, OK),
	OpListResourceTags:                    mk(OK, OK, OK, OK, OK, OK, OK, OK),
	OpPutKeyPolicy:                        mk(OK, OK, OK, OK, OK, OK, OK, OK),
	OpReEncrypt:                           mk(OK, EDIS, EPD, EPRD, EPI, EUN, ECR, OK),
	OpReplicateKey:                        mk(OK, EDIS, EPD, EPRD, EPI, NA, ECR, EUP),
	OpRetireGrant:                         mk(OK, OK, OK, OK, OK, OK, OK, OK),
	OpRevokeGrant:                         mk(OK, OK, OK, OK, OK, OK, OK, OK),
	OpRotateKeyOnDemand:                   mk(OK, EDIS, EPD, EPRD, EPI, NA, ECR, OK),
	OpScheduleKeyDeletion:                 mk(OK, OK, EPD, EPRD, OK, OK, OK, EUP),
	OpSign:                                mk(OK, EDIS, EPD, EPRD, EPI, NA, ECR, OK),
	OpTagResource:                         mk(OK, OK, EPD, EPRD, OK, OK, OK, OK),
	OpUntagResource:                       mk(OK, OK, EPD, EPRD, OK, OK, OK, OK),
	OpUpdateAlias:                         mk(OK, OK, EPD, EPRD, OK, OK, OK, OK),
	OpUpdateKeyDescription:                mk(OK, OK, EPD, EPRD, OK, OK, OK, OK),
	OpUpdatePrimaryRegion:                 mk(OK, EDIS, EPD, EPRD, EPI, NA, ECR, OK),
	OpVerify:                              mk(OK, EDIS, EPD, EPRD, EPI, NA, ECR, OK),
	OpVerifyMac:                           mk(OK, EDIS, EPD, EPRD, EPI, NA, ECR, OK),
	// Encapsulate and Decapsulate are not in SPEC: their rows are
	// DeriveSharedSecret's (O-17), the other key-establishment operation on
	// an asymmetric key. The key states page lists them with the other
	// cryptographic operations; Unavailable belongs to custom key stores,
	// which hold no ML-KEM keys.
	OpEncapsulate: mk(OK, EDIS, EPD, EPRD, EPI, NA, ECR, OK),
	OpDecapsulate: mk(OK, EDIS, EPD, EPRD, EPI, NA, ECR, OK),
}

// Gate returns the matrix cell for op on a key in state s.
func Gate(op Op, s State) Outcome {
	if op >= numOps || s >= numStates {
		return NA
	}
	return Matrix[op][s]
}
