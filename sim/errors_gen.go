// Code generated from service/kms/types/errors.go; DO NOT EDIT.

package sim

import "github.com/aws/aws-sdk-go-v2/service/kms/types"

// typedError returns the SDK's typed error for a modeled KMS error code, or
// nil for a code the model does not define.
func typedError(code string, msg *string) error {
	switch code {
	case "AlreadyExistsException":
		return &types.AlreadyExistsException{Message: msg}
	case "CloudHsmClusterInUseException":
		return &types.CloudHsmClusterInUseException{Message: msg}
	case "CloudHsmClusterInvalidConfigurationException":
		return &types.CloudHsmClusterInvalidConfigurationException{Message: msg}
	case "CloudHsmClusterNotActiveException":
		return &types.CloudHsmClusterNotActiveException{Message: msg}
	case "CloudHsmClusterNotFoundException":
		return &types.CloudHsmClusterNotFoundException{Message: msg}
	case "CloudHsmClusterNotRelatedException":
		return &types.CloudHsmClusterNotRelatedException{Message: msg}
	case "ConflictException":
		return &types.ConflictException{Message: msg}
	case "CustomKeyStoreHasCMKsException":
		return &types.CustomKeyStoreHasCMKsException{Message: msg}
	case "CustomKeyStoreInvalidStateException":
		return &types.CustomKeyStoreInvalidStateException{Message: msg}
	case "CustomKeyStoreNameInUseException":
		return &types.CustomKeyStoreNameInUseException{Message: msg}
	case "CustomKeyStoreNotFoundException":
		return &types.CustomKeyStoreNotFoundException{Message: msg}
	case "DependencyTimeoutException":
		return &types.DependencyTimeoutException{Message: msg}
	case "DisabledException":
		return &types.DisabledException{Message: msg}
	case "DryRunOperationException":
		return &types.DryRunOperationException{Message: msg}
	case "ExpiredImportTokenException":
		return &types.ExpiredImportTokenException{Message: msg}
	case "IncorrectKeyException":
		return &types.IncorrectKeyException{Message: msg}
	case "IncorrectKeyMaterialException":
		return &types.IncorrectKeyMaterialException{Message: msg}
	case "IncorrectTrustAnchorException":
		return &types.IncorrectTrustAnchorException{Message: msg}
	case "InvalidAliasNameException":
		return &types.InvalidAliasNameException{Message: msg}
	case "InvalidArnException":
		return &types.InvalidArnException{Message: msg}
	case "InvalidCiphertextException":
		return &types.InvalidCiphertextException{Message: msg}
	case "InvalidGrantIdException":
		return &types.InvalidGrantIdException{Message: msg}
	case "InvalidGrantTokenException":
		return &types.InvalidGrantTokenException{Message: msg}
	case "InvalidImportTokenException":
		return &types.InvalidImportTokenException{Message: msg}
	case "InvalidKeyUsageException":
		return &types.InvalidKeyUsageException{Message: msg}
	case "InvalidMarkerException":
		return &types.InvalidMarkerException{Message: msg}
	case "KeyUnavailableException":
		return &types.KeyUnavailableException{Message: msg}
	case "KMSInternalException":
		return &types.KMSInternalException{Message: msg}
	case "KMSInvalidMacException":
		return &types.KMSInvalidMacException{Message: msg}
	case "KMSInvalidSignatureException":
		return &types.KMSInvalidSignatureException{Message: msg}
	case "KMSInvalidStateException":
		return &types.KMSInvalidStateException{Message: msg}
	case "LimitExceededException":
		return &types.LimitExceededException{Message: msg}
	case "MalformedPolicyDocumentException":
		return &types.MalformedPolicyDocumentException{Message: msg}
	case "NotFoundException":
		return &types.NotFoundException{Message: msg}
	case "TagException":
		return &types.TagException{Message: msg}
	case "UnsupportedOperationException":
		return &types.UnsupportedOperationException{Message: msg}
	case "XksKeyAlreadyInUseException":
		return &types.XksKeyAlreadyInUseException{Message: msg}
	case "XksKeyInvalidConfigurationException":
		return &types.XksKeyInvalidConfigurationException{Message: msg}
	case "XksKeyNotFoundException":
		return &types.XksKeyNotFoundException{Message: msg}
	case "XksProxyIncorrectAuthenticationCredentialException":
		return &types.XksProxyIncorrectAuthenticationCredentialException{Message: msg}
	case "XksProxyInvalidConfigurationException":
		return &types.XksProxyInvalidConfigurationException{Message: msg}
	case "XksProxyInvalidResponseException":
		return &types.XksProxyInvalidResponseException{Message: msg}
	case "XksProxyUriEndpointInUseException":
		return &types.XksProxyUriEndpointInUseException{Message: msg}
	case "XksProxyUriInUseException":
		return &types.XksProxyUriInUseException{Message: msg}
	case "XksProxyUriUnreachableException":
		return &types.XksProxyUriUnreachableException{Message: msg}
	case "XksProxyVpcEndpointServiceInUseException":
		return &types.XksProxyVpcEndpointServiceInUseException{Message: msg}
	case "XksProxyVpcEndpointServiceInvalidConfigurationException":
		return &types.XksProxyVpcEndpointServiceInvalidConfigurationException{Message: msg}
	case "XksProxyVpcEndpointServiceNotFoundException":
		return &types.XksProxyVpcEndpointServiceNotFoundException{Message: msg}
	}
	return nil
}
