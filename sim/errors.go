package sim

import (
	"errors"
	"net/http"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/mrksim/mrk/mrk"
)

// APIError returns the error the SDK would hand its caller for a KMS error
// code and message: the typed error of service/kms/types for a modeled code
// (so errors.As with *types.NotFoundException works), else a
// *smithy.GenericAPIError carrying the code (ValidationException,
// AccessDeniedException, ...).
func APIError(code, message string) error {
	msg := message
	if e := typedError(code, &msg); e != nil {
		return e
	}
	fault := smithy.FaultClient
	if code == "ThrottlingException" || code == "InternalFailure" {
		fault = smithy.FaultServer
	}
	return &smithy.GenericAPIError{Code: code, Message: message, Fault: fault}
}

// HTTPStatus is the HTTP status AWS answers an error code with (A0.9).
func HTTPStatus(code string) int {
	switch code {
	case "KMSInternalException", "KeyUnavailableException", "DependencyTimeoutException":
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// operationError wraps an API error the way aws-sdk-go-v2's *kms.Client
// does: an OperationError naming the service and operation around a
// ResponseError carrying the HTTP status and the request ID.
func operationError(op, requestID string, err error) error {
	var me *mrk.Error
	if errors.As(err, &me) {
		err = APIError(string(me.Code), me.Message)
	}
	code := "InternalFailure"
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code = ae.ErrorCode()
	}
	resp := &http.Response{StatusCode: HTTPStatus(code), Status: http.StatusText(HTTPStatus(code)), Header: http.Header{}}
	resp.Header.Set("X-Amzn-Requestid", requestID)
	return &smithy.OperationError{
		ServiceID:     "KMS",
		OperationName: op,
		Err: &awshttp.ResponseError{
			ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: resp}, Err: err},
			RequestID:     requestID,
		},
	}
}
