package mrk

import (
	"slices"
	"time"
)

// The expiration models of imported material (ExpirationModelType).
const (
	ExpiresModel       = "KEY_MATERIAL_EXPIRES"
	DoesNotExpireModel = "KEY_MATERIAL_DOES_NOT_EXPIRE"
)

// The import types of ImportKeyMaterial (ImportType).
const (
	ImportNew      = "NEW_KEY_MATERIAL"
	ImportExisting = "EXISTING_KEY_MATERIAL"
)

// CodeIncorrectKeyMaterial, CodeInvalidImportToken and CodeExpiredImportToken
// are ImportKeyMaterial's own failures (A31.4).
const (
	CodeIncorrectKeyMaterial Code = "IncorrectKeyMaterialException"
	CodeInvalidImportToken   Code = "InvalidImportTokenException"
	CodeExpiredImportToken   Code = "ExpiredImportTokenException"
)

// msgExpiredToken is ExpiredImportTokenException's text, unrecorded: the
// API model's description of the exception.
const msgExpiredToken = "The request was rejected because the specified import token is expired. Use GetParametersForImport to get a new import token and public key, use the new public key to encrypt the key material, and then try the request again."

// MemberImport is one material as imported into one member of a set: the
// set shares the material's bytes and ID, but whether a member holds it,
// and until when, is the member's own (R7.3, R7.6).
type MemberImport struct {
	MaterialID string
	// Expires is the model KEY_MATERIAL_EXPIRES; ValidTo is then set, in
	// whole seconds (A31.3.8).
	Expires bool
	ValidTo time.Time
	// Expired: ValidTo has passed and KMS deleted the material from this
	// member (R7.6). ListKeyRotations still lists it as IMPORTED with its
	// ValidTo, as recorded (imports.json:expired_history), but the member
	// no longer holds it.
	Expired bool
	epoch   uint64
}

// Model returns the entry's ExpirationModel.
func (m MemberImport) Model() string {
	if m.Expires {
		return ExpiresModel
	}
	return DoesNotExpireModel
}

// imported returns the member's entry for a material, or nil.
func (k *Key) imported(id string) *MemberImport {
	for i := range k.Imports {
		if k.Imports[i].MaterialID == id {
			return &k.Imports[i]
		}
	}
	return nil
}

func (k *Key) holds(id string) bool {
	e := k.imported(id)
	return e != nil && !e.Expired
}

func (k *Key) forget(id string) {
	k.Imports = slices.DeleteFunc(k.Imports, func(e MemberImport) bool { return e.MaterialID == id })
}

// HasMaterial reports whether the key holds every material of its set it
// must hold: always for AWS_KMS keys; for EXTERNAL keys every permanently
// associated material (CURRENT and NON_CURRENT), imported and unexpired
// (R7.12). A pending material is not required.
func (k *Key) HasMaterial() bool {
	set := k.Set
	if set.Origin != OriginExternal {
		return true
	}
	if len(set.Materials) == 0 {
		return false
	}
	for i := range set.Materials {
		if !k.holds(set.Materials[i].ID) {
			return false
		}
	}
	return true
}

// ExpirationModel returns KeyMetadata's ExpirationModel and ValidTo for the
// key (A0.21): those of this member's import of the current material, for an
// EXTERNAL key that is not PendingImport; a Creating replica shows its
// primary's model without ValidTo (A41 ReplicaKeyMetadata). "" when absent;
// a zero ValidTo when absent.
func (k *Key) ExpirationModel() (string, time.Time) {
	set := k.Set
	if set.Origin != OriginExternal || k.State == PendingImport {
		return "", time.Time{}
	}
	if k.State == Creating {
		return k.inheritModel, time.Time{}
	}
	cur := set.CurrentMaterial()
	if cur == nil {
		return "", time.Time{}
	}
	e := k.imported(cur.ID)
	if e == nil || e.Expired {
		return "", time.Time{}
	}
	if e.Expires {
		return ExpiresModel, e.ValidTo
	}
	return DoesNotExpireModel, time.Time{}
}

// settle sends an Enabled or Disabled member that lacks a permanently
// associated material to PendingImport (T16, T18); an Updating one returns
// to PendingImport when its update ends. Other states stay (T17).
func (k *Key) settle() {
	if k.HasMaterial() {
		return
	}
	switch k.State {
	case Enabled, Disabled:
		k.State = PendingImport
	case Updating:
		k.prev = PendingImport
	}
}

// ImportParameters is GetParametersForImport's answer (A29.3.8).
type ImportParameters struct {
	Key       *Key
	Token     []byte
	PublicKey []byte // DER SubjectPublicKeyInfo
	ValidTo   time.Time
}

// GetParametersForImport issues a wrapping key pair and an import token for
// one member (§A29, R7.4). The checks run as A29.3 orders them: SM2 (P2),
// resolution, origin, the gate, then the wrapping compatibility of A29.3.6.
// The wrapping key's seed, the token's key (once) and its nonce are drawn
// from ent.
func (s *Store) GetParametersForImport(now time.Time, ent Entropy, c Caller, keyID, alg, wspec string) (ImportParameters, error) {
	if alg == WrapSM2PKE || wspec == "SM2" {
		if Partition(c.Region) == "aws-cn" {
			return ImportParameters{}, NotSupported("SM2 wrapping (WrappingAlgorithm SM2PKE, WrappingKeySpec SM2)")
		}
		// SM2 exists only in the China Regions (A0.23.1), as CreateKey says.
		what := "WrappingKeySpec SM2"
		if alg == WrapSM2PKE {
			what = "WrappingAlgorithm SM2PKE"
		}
		return ImportParameters{}, Errorf(CodeUnsupportedOperation, "%s is not supported in Region %s.", what, c.Region)
	}
	k, err := s.Resolve(c, OpGetParametersForImport, keyID)
	if err != nil {
		return ImportParameters{}, err
	}
	arn := k.ARN()
	if k.Set.Origin != OriginExternal {
		return ImportParameters{}, TIMP.Err(arn) // A29.3.4
	}
	if err := Gate(OpGetParametersForImport, k.State).Err(arn); err != nil {
		return ImportParameters{}, err
	}
	if !wrapCompatible(alg, wspec, k.Set.Spec) {
		return ImportParameters{}, Errorf(CodeValidation, "Wrapping algorithm %s and wrapping key spec %s cannot be used to import a %s key.",
			alg, wspec, k.Set.Spec)
	}
	t := importToken{account: k.Set.Account, region: k.Region, keyID: k.Set.ID, alg: alg, wspec: wspec,
		expiry: now.Add(ImportTokenLifetime)}
	mustRead(ent, t.seed[:])
	priv := RSAKey(wrappingBits(wspec), t.seed)
	return ImportParameters{Key: k, Token: s.sealToken(ent, t), PublicKey: wrappingPublicKey(priv), ValidTo: t.expiry}, nil
}

// ImportParams are ImportKeyMaterial's parameters after P1 validation (A31.1).
type ImportParams struct {
	KeyID           string
	Token           []byte
	Wrapped         []byte
	ValidTo         *time.Time
	ExpirationModel string  // "" when absent
	ImportType      string  // "" when absent
	Description     *string // nil when absent
	MaterialID      string  // "" when absent
}

// Imported is ImportKeyMaterial's answer: the key and, for a symmetric
// encryption key, the ID of the material imported (A31.3.9).
type Imported struct {
	Key        *Key
	MaterialID string
}

// ImportKeyMaterial imports wrapped material into one member (§A31, §7):
// first material, a re-import of a material of the set (EXISTING), or new
// material staged for on-demand rotation (NEW, R7.10, R7.11). The checks
// run in A31.3's order. It returns the expiry timer when the material
// expires (R7.6).
func (s *Store) ImportKeyMaterial(now time.Time, c Caller, p ImportParams) (Imported, []Timer, error) {
	// P2: the expiration model and ValidTo (A31.3.2), the import type (A31.3.3).
	expires := p.ExpirationModel != DoesNotExpireModel
	var validTo time.Time
	switch {
	case expires && p.ValidTo == nil:
		return Imported{}, nil, &Error{CodeValidation, "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES"}
	case !expires && p.ValidTo != nil:
		return Imported{}, nil, &Error{CodeValidation, "A validTo date cannot be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE"}
	case expires:
		validTo = p.ValidTo.Truncate(time.Second) // stored and enforced in whole seconds (A31.3.8)
		if !p.ValidTo.After(now) {
			return Imported{}, nil, &Error{CodeValidation, "ValidTo must be in the future"}
		}
		if !p.ValidTo.Before(now.Add(365 * Day)) {
			return Imported{}, nil, &Error{CodeValidation, "ValidTo must be less than 365 days in the future"}
		}
	}
	if p.ImportType == ImportNew && p.MaterialID != "" {
		return Imported{}, nil, &Error{CodeValidation, "Input parameter keyMaterialId cannot be used with NEW_KEY_MATERIAL importType."}
	}
	// P3: the key, its origin (A31.3.5: checked before the token, as no
	// token is ever issued for an AWS_KMS key), the token (A31.3.4).
	k, err := s.Resolve(c, OpImportKeyMaterial, p.KeyID)
	if err != nil {
		return Imported{}, nil, err
	}
	set, arn := k.Set, k.ARN()
	if set.Origin != OriginExternal {
		return Imported{}, nil, TIMP.Err(arn)
	}
	tok, ok := s.openToken(p.Token)
	if !ok || tok.account != set.Account || tok.region != k.Region || tok.keyID != set.ID {
		return Imported{}, nil, &Error{CodeInvalidImportToken, ""}
	}
	if !now.Before(tok.expiry) {
		// The text is unrecorded: the API model's documentation of the exception.
		return Imported{}, nil, &Error{CodeExpiredImportToken, msgExpiredToken}
	}
	// P4: the gate (A31.3.6).
	if err := Gate(OpImportKeyMaterial, k.State).Err(arn); err != nil {
		return Imported{}, nil, err
	}
	// P5: parameters the key's type or role forbids (A31.3.3, A31.5.2).
	symmetric := set.Spec == SpecSymmetricDefault
	if !symmetric {
		switch {
		case p.ImportType != "":
			return Imported{}, nil, Errorf(CodeValidation, "Input parameter importType cannot be used with %s imported keys.", set.Spec)
		case p.MaterialID != "":
			return Imported{}, nil, Errorf(CodeValidation, "Input parameter keyMaterialId cannot be used with %s imported keys.", set.Spec)
		case p.Description != nil:
			return Imported{}, nil, Errorf(CodeValidation, "Input parameter keyMaterialDescription cannot be used with %s imported keys.", set.Spec)
		}
	}
	if k.IsReplica() {
		switch {
		case p.ImportType == ImportNew:
			return Imported{}, nil, &Error{CodeValidation, "Input parameter ImportType NEW_KEY_MATERIAL cannot be used on replica Multi-Region keys"}
		case p.Description != nil:
			return Imported{}, nil, &Error{CodeValidation, "Key material description can only be specified on primary Multi-Region keys"}
		}
	}
	// P6: the material (A31.3.7).
	raw, ok := unwrap(tok, p.Wrapped)
	if !ok || !validMaterial(set.Spec, raw) {
		return Imported{}, nil, errInvalidCiphertext()
	}
	id, sum := importedMaterialID(set.ID, canonicalMaterial(set.Spec, raw))
	incorrect := func(expected string) error {
		return Errorf(CodeIncorrectKeyMaterial, "Imported key material does not have the expected identifier (%s).", expected)
	}
	associated := func(id string) bool {
		return slices.ContainsFunc(set.Materials, func(m Material) bool { return m.ID == id }) ||
			set.Pending != nil && set.Pending.ID == id
	}
	fresh := Material{ID: id, Seed: sum, Raw: raw, Created: now}
	if p.Description != nil {
		fresh.Description = *p.Description
	}
	var stage func() // the change to the set, made once every check passed
	switch {
	case !symmetric: // R7.9: bound to the first material
		if len(set.Materials) > 0 && set.Materials[0].ID != id {
			return Imported{}, nil, incorrect(set.Materials[0].ID)
		}
		if len(set.Materials) == 0 {
			stage = func() { set.Materials = append(set.Materials, fresh) }
		}
	default:
		typ := p.ImportType
		if typ == "" {
			typ = ImportExisting
			if len(set.Materials) == 0 && !k.IsReplica() {
				typ = ImportNew
			}
		}
		if typ == ImportNew {
			switch {
			case associated(id):
				return Imported{}, nil, Errorf(CodeIncorrectKeyMaterial,
					"Key material (id: %s) being imported as NEW_KEY_MATERIAL is already associated with KMS key %s.", id, arn)
			case len(set.Materials) == 0:
				stage = func() { set.Materials = append(set.Materials, fresh) }
			case set.Pending != nil:
				return Imported{}, nil, Errorf(CodeInvalidState,
					"New key material (id: %s) cannot be imported into KMS key %s, because another key material (id: %s) is pending rotation.",
					id, arn, set.Pending.ID)
			default:
				stage = func() { m := fresh; set.Pending = &m }
			}
			break
		}
		switch {
		case p.MaterialID != "" && (p.MaterialID != id || !associated(id)):
			return Imported{}, nil, incorrect(p.MaterialID)
		case !associated(id):
			expected := id
			if cur := set.CurrentMaterial(); cur != nil {
				expected = cur.ID
			}
			return Imported{}, nil, incorrect(expected)
		}
		if p.Description != nil { // a re-import on the primary may describe the material again
			stage = func() {
				if set.Pending != nil && set.Pending.ID == id {
					set.Pending.Description = *p.Description
				}
				for i := range set.Materials {
					if set.Materials[i].ID == id {
						set.Materials[i].Description = *p.Description
					}
				}
			}
		}
	}
	// P8: every check passed.
	if stage != nil {
		stage()
	}
	e := k.imported(id)
	if e == nil {
		k.Imports = append(k.Imports, MemberImport{MaterialID: id})
		e = &k.Imports[len(k.Imports)-1]
	}
	e.Expires, e.ValidTo, e.Expired, e.epoch = expires, validTo, false, s.nextEpoch()
	if !expires {
		e.ValidTo = time.Time{}
	}
	switch k.State {
	case PendingImport:
		if k.HasMaterial() {
			s.changing(k, Enabled)
			k.State = Enabled // T15
		}
	case Disabled:
		s.changing(k, Enabled)
		k.State = Enabled // T15b, O-16
	case Updating:
		if k.prev == PendingImport && k.HasMaterial() {
			k.prev = Enabled // it lost its material while Updating (settle) and has it again
		}
	}
	var ts []Timer
	if expires {
		ts = []Timer{{TimerMaterialExpiry, validTo, set.Account, k.Region, set.ID, e.epoch}}
	}
	out := Imported{Key: k}
	if symmetric {
		out.MaterialID = id
	}
	return out, ts, nil
}

// expireMaterial runs a member's material expiry (R7.6): the member no
// longer holds it and, lacking a permanently associated material, goes to
// PendingImport (T16) unless pending deletion (T17). The expiry of a pending
// material changes no state (R8.3.3).
func (s *Store) expireMaterial(t Timer) []Transition {
	k := s.Lookup(t.Account, t.Region, t.KeyID)
	if k == nil {
		return nil
	}
	i := slices.IndexFunc(k.Imports, func(e MemberImport) bool { return e.epoch == t.Epoch })
	if i < 0 || k.Imports[i].Expired {
		return nil
	}
	k.Imports[i].Expired = true
	from := k.State
	k.settle()
	return []Transition{{t.Due, t.Account, t.Region, t.KeyID, from, k.State, TimerMaterialExpiry}}
}

// Deleted is DeleteImportedKeyMaterial's answer: the key and the ID of the
// material deleted, "" when the key never had material (A10.3.6).
type Deleted struct {
	Key        *Key
	MaterialID string
}

// DeleteImportedKeyMaterial deletes one material from one member (§A10,
// R7.7): the current one when materialID is "". A material pending
// rotation deleted on the primary leaves the whole set (A10.5.1); any other
// deletion leaves only this member, which goes to PendingImport when it
// loses a permanently associated material (T16, T17); on a member already
// PendingImport it changes nothing (R7.7).
func (s *Store) DeleteImportedKeyMaterial(c Caller, keyID, materialID string) (Deleted, error) {
	k, err := s.Resolve(c, OpDeleteImportedKeyMaterial, keyID)
	if err != nil {
		return Deleted{}, err
	}
	set, arn := k.Set, k.ARN()
	if set.Origin != OriginExternal {
		return Deleted{}, TIMP.Err(arn) // A10.3.2
	}
	if err := Gate(OpDeleteImportedKeyMaterial, k.State).Err(arn); err != nil {
		return Deleted{}, err
	}
	pending := set.Pending != nil && materialID != "" && set.Pending.ID == materialID
	if materialID != "" && !pending && !slices.ContainsFunc(set.Materials, func(m Material) bool { return m.ID == materialID }) {
		return Deleted{}, Errorf(CodeValidation, "Key material (id: %s) has never been imported into KMS key %s.", materialID, arn)
	}
	if materialID == "" {
		cur := set.CurrentMaterial()
		if cur == nil {
			return Deleted{Key: k}, nil // nothing ever imported (R7.7)
		}
		materialID = cur.ID
	}
	if pending && !k.IsReplica() {
		for _, r := range set.Members() {
			if m := s.Lookup(set.Account, r, set.ID); m != nil {
				m.forget(materialID)
			}
		}
		set.Pending = nil
		return Deleted{Key: k, MaterialID: materialID}, nil
	}
	if k.State == PendingImport {
		return Deleted{Key: k, MaterialID: materialID}, nil // R7.7: no effect
	}
	k.forget(materialID)
	if !k.HasMaterial() && (k.State == Enabled || k.State == Disabled) {
		s.changing(k, PendingImport) // what settle does
	}
	k.settle()
	return Deleted{Key: k, MaterialID: materialID}, nil
}

// pendingState is the KeyMaterialState of the set's pending material:
// PENDING_MULTI_REGION_IMPORT_AND_ROTATION while a replica lacks it,
// otherwise PENDING_ROTATION (R7.10 step 3).
func (s *Store) pendingState(set *KeySet) string {
	for _, r := range set.Replicas {
		if m := s.Lookup(set.Account, r, set.ID); m != nil && m.imported(set.Pending.ID) == nil {
			return "PENDING_MULTI_REGION_IMPORT_AND_ROTATION"
		}
	}
	return "PENDING_ROTATION"
}

// rotateImported makes the set's pending material current when an
// on-demand rotation of an EXTERNAL key completes (R8.3.2, R8.3.3): what is
// pending then, if anything, becomes current in every member; a member that
// does not hold it goes to PendingImport (T18). It reports whether a
// material became current and the members' changes of state.
func (s *Store) rotateImported(set *KeySet, at time.Time) (bool, []Transition) {
	if set.Pending == nil {
		return false, nil
	}
	m := *set.Pending
	m.Created, m.RotationType = at, "ON_DEMAND"
	set.Materials = append(set.Materials, m)
	set.Pending = nil
	var trs []Transition
	for _, r := range set.Members() {
		k := s.Lookup(set.Account, r, set.ID)
		if k == nil {
			continue
		}
		from := k.State
		k.settle()
		if k.State != from {
			trs = append(trs, Transition{at, set.Account, r, set.ID, from, k.State, TimerOnDemandRotate})
		}
	}
	return true, trs
}
