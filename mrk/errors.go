package mrk

import "fmt"

// Code is an AWS KMS error code, spelled as AWS spells it on the wire.
type Code string

// The error codes the model produces. The modeled ones map to the SDK's typed
// errors in service/kms/types; ValidationException and AccessDeniedException
// are unmodeled (SPEC-API A0.9).
const (
	CodeAccessDenied           Code = "AccessDeniedException"
	CodeAlreadyExists          Code = "AlreadyExistsException"
	CodeDisabled               Code = "DisabledException"
	CodeInvalidAliasName       Code = "InvalidAliasNameException"
	CodeInvalidArn             Code = "InvalidArnException"
	CodeInvalidMarker          Code = "InvalidMarkerException"
	CodeInvalidState           Code = "KMSInvalidStateException"
	CodeLimitExceeded          Code = "LimitExceededException"
	CodeMalformedPolicy        Code = "MalformedPolicyDocumentException"
	CodeNotFound               Code = "NotFoundException"
	CodeTag                    Code = "TagException"
	CodeUnsupportedOperation   Code = "UnsupportedOperationException"
	CodeValidation             Code = "ValidationException"
	CodeInternal               Code = "KMSInternalException"
	CodeInvalidKeyUsage        Code = "InvalidKeyUsageException"
	CodeCustomKeyStoreNotFound Code = "CustomKeyStoreNotFoundException"
)

// Error is a failed operation: AWS's error code and message. Every failure
// the model returns is an *Error, and a failure never changes the store.
type Error struct {
	Code    Code
	Message string
}

// Error implements error as "Code: Message".
func (e *Error) Error() string {
	if e.Message == "" {
		return string(e.Code)
	}
	return string(e.Code) + ": " + e.Message
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// NotSupported returns the UnsupportedOperationException with which the
// simulator answers a feature it deliberately does not implement (A0.23.1).
func NotSupported(what string) *Error {
	return &Error{Code: CodeUnsupportedOperation, Message: "Not supported by the mrk simulator: " + what}
}

// Messages used by several operations, exact where recorded (SPEC §3.7, A0.12).
const (
	msgAliasNotSupported = "Key Aliases are not supported for this operation."
	msgReplicaExists     = "You can create only one replica of each primary key in each AWS Region."
	msgPartition         = "The replica key Region must be in the same AWS partition as the primary key Region."
	msgUsageRequired     = "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys."
)

func errKeyNotExist(arn string) *Error {
	return Errorf(CodeNotFound, "Key '%s' does not exist", arn)
}

func errInvalidKeyID(v string) *Error {
	return Errorf(CodeNotFound, "Invalid keyId '%s'", v)
}
