package sim

import (
	"time"

	"context"
	"github.com/aws/smithy-go/middleware"
	"github.com/mrksim/mrk/mrk"

	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// ConnectCustomKeyStore is not supported: custom key stores are outside the simulator, so it
// fails with a typed UnsupportedOperationException that says so.
func (c *Client) ConnectCustomKeyStore(ctx context.Context, in *kms.ConnectCustomKeyStoreInput, _ ...func(*kms.Options)) (*kms.ConnectCustomKeyStoreOutput, error) {
	return nil, c.unimplemented(ctx, "ConnectCustomKeyStore", in)
}

// CreateCustomKeyStore is not supported: custom key stores are outside the simulator, so it
// fails with a typed UnsupportedOperationException that says so.
func (c *Client) CreateCustomKeyStore(ctx context.Context, in *kms.CreateCustomKeyStoreInput, _ ...func(*kms.Options)) (*kms.CreateCustomKeyStoreOutput, error) {
	return nil, c.unimplemented(ctx, "CreateCustomKeyStore", in)
}

// DeleteCustomKeyStore is not supported: custom key stores are outside the simulator, so it
// fails with a typed UnsupportedOperationException that says so.
func (c *Client) DeleteCustomKeyStore(ctx context.Context, in *kms.DeleteCustomKeyStoreInput, _ ...func(*kms.Options)) (*kms.DeleteCustomKeyStoreOutput, error) {
	return nil, c.unimplemented(ctx, "DeleteCustomKeyStore", in)
}

// DescribeCustomKeyStores is not supported: custom key stores are outside the simulator, so it
// fails with a typed UnsupportedOperationException that says so.
func (c *Client) DescribeCustomKeyStores(ctx context.Context, in *kms.DescribeCustomKeyStoresInput, _ ...func(*kms.Options)) (*kms.DescribeCustomKeyStoresOutput, error) {
	return nil, c.unimplemented(ctx, "DescribeCustomKeyStores", in)
}

// DisconnectCustomKeyStore is not supported: custom key stores are outside the simulator, so it
// fails with a typed UnsupportedOperationException that says so.
func (c *Client) DisconnectCustomKeyStore(ctx context.Context, in *kms.DisconnectCustomKeyStoreInput, _ ...func(*kms.Options)) (*kms.DisconnectCustomKeyStoreOutput, error) {
	return nil, c.unimplemented(ctx, "DisconnectCustomKeyStore", in)
}

// UpdateCustomKeyStore is not supported: custom key stores are outside the simulator, so it
// fails with a typed UnsupportedOperationException that says so.
func (c *Client) UpdateCustomKeyStore(ctx context.Context, in *kms.UpdateCustomKeyStoreInput, _ ...func(*kms.Options)) (*kms.UpdateCustomKeyStoreOutput, error) {
	return nil, c.unimplemented(ctx, "UpdateCustomKeyStore", in)
}

// unimplemented answers an operation the simulator does not serve with a
// typed UnsupportedOperationException that says so (A0.23), drawing a
// request ID like every call.
func (c *Client) unimplemented(ctx context.Context, op string, in any) error {
	var what string
	switch op {
	case "ConnectCustomKeyStore", "CreateCustomKeyStore", "DeleteCustomKeyStore", "DescribeCustomKeyStores",
		"DisconnectCustomKeyStore", "UpdateCustomKeyStore":
		what = "custom key stores (" + op + ")"
	default:
		what = op + " is not implemented yet"
	}
	return c.do(ctx, op, in, nil, &validator{}, func(time.Time) (*middleware.Metadata, error) {
		return nil, mrk.NotSupported(what)
	})
}
