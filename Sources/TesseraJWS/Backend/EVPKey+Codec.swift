internal import CTesseraLibCrypto
import TesseraCore

/// Key import, export and generation through OpenSSL's decoders, encoders and `EVP_PKEY_fromdata`.
extension EVPKey {
    /// OpenSSL's key selections (`OSSL_KEYMGMT_SELECT_*`): everything, or the public key and domain parameters.
    enum Selection: Int32 {
        case keyPair = 0x87
        case publicKey = 0x86
    }

    /// Decodes a PEM or DER key of any structure OpenSSL knows (SPKI, PKCS#8, PKCS#1, SEC1).
    static func decode(_ bytes: [UInt8], pem: Bool, selection: Selection) throws(TesseraError) -> EVPKey {
        var key: OpaquePointer?
        let inputType = LibCrypto.cString(pem ? "PEM" : "DER")
        guard let context = OSSL_DECODER_CTX_new_for_pkey(&key, inputType, nil, nil, selection.rawValue, nil, nil)
        else { throw LibCrypto.failure("no key decoder is available") }
        defer { OSSL_DECODER_CTX_free(context) }
        let decoded = bytes.withUnsafeBufferPointer { buffer -> Int32 in
            var data = buffer.baseAddress
            var length = buffer.count
            return OSSL_DECODER_from_data(context, &data, &length)
        }
        guard decoded == 1, let key else {
            LibCrypto.clearErrors()
            throw TesseraError(.invalidKey, "the \(pem ? "PEM" : "DER") data is not a key OpenSSL can read")
        }
        return EVPKey(takingOwnershipOf: key)
    }

    /// Encodes the key as PEM or DER: `SubjectPublicKeyInfo` for public keys, PKCS#8 `PrivateKeyInfo` for private.
    func encode(pem: Bool, includingPrivate: Bool) throws(TesseraError) -> [UInt8] {
        let structure = LibCrypto.cString(includingPrivate ? "PrivateKeyInfo" : "SubjectPublicKeyInfo")
        let selection: Selection = includingPrivate ? .keyPair : .publicKey
        let outputType = LibCrypto.cString(pem ? "PEM" : "DER")
        guard let context = OSSL_ENCODER_CTX_new_for_pkey(pointer, selection.rawValue, outputType, structure, nil)
        else { throw LibCrypto.failure("no key encoder is available") }
        defer { OSSL_ENCODER_CTX_free(context) }
        var data: UnsafeMutablePointer<UInt8>?
        var length = 0
        guard OSSL_ENCODER_to_data(context, &data, &length) == 1, let data else {
            throw LibCrypto.failure("encoding the key failed")
        }
        defer {
            OPENSSL_cleanse(data, length)
            LibCrypto.free(data)
        }
        return Array(UnsafeBufferPointer(start: data, count: length))
    }

    /// The raw public or private bytes of an Ed25519 key read by the decoder.
    func raw(private: Bool) -> [UInt8]? {
        var length = 0
        let sizing =
            `private`
            ? EVP_PKEY_get_raw_private_key(pointer, nil, &length) : EVP_PKEY_get_raw_public_key(pointer, nil, &length)
        guard sizing == 1 else {
            LibCrypto.clearErrors()
            return nil
        }
        var output = [UInt8](repeating: 0, count: length)
        let read =
            `private`
            ? EVP_PKEY_get_raw_private_key(pointer, &output, &length)
            : EVP_PKEY_get_raw_public_key(pointer, &output, &length)
        return read == 1 ? output : nil
    }

    /// Builds an RSA key from its JWK components (big-endian unsigned integers).
    static func rsa(components: [(name: StaticString, value: [UInt8])], isPrivate: Bool) throws(TesseraError) -> EVPKey
    {
        try fromData(type: "RSA", selection: isPrivate ? .keyPair : .publicKey) { builder, numbers in
            for component in components {
                guard
                    let bn = component.value.withUnsafeBufferPointer({ BN_bin2bn($0.baseAddress, Int32($0.count), nil) }
                    )
                else {
                    return false
                }
                numbers.append(bn)
                guard OSSL_PARAM_BLD_push_BN(builder, LibCrypto.cString(component.name), bn) == 1 else { return false }
            }
            return true
        }
    }

    /// Builds an EC key from its group, uncompressed public point and optional private scalar.
    static func ec(group: StaticString, point: [UInt8], privateScalar: [UInt8]?) throws(TesseraError) -> EVPKey {
        try fromData(type: "EC", selection: privateScalar == nil ? .publicKey : .keyPair) { builder, numbers in
            guard
                OSSL_PARAM_BLD_push_utf8_string(builder, LibCrypto.cString("group"), LibCrypto.cString(group), 0) == 1,
                OSSL_PARAM_BLD_push_octet_string(builder, LibCrypto.cString("pub"), point, point.count) == 1
            else { return false }
            guard let privateScalar else { return true }
            guard let bn = privateScalar.withUnsafeBufferPointer({ BN_bin2bn($0.baseAddress, Int32($0.count), nil) })
            else {
                return false
            }
            numbers.append(bn)
            return OSSL_PARAM_BLD_push_BN(builder, LibCrypto.cString("priv"), bn) == 1
        }
    }

    private static func fromData(
        type: StaticString,
        selection: Selection,
        _ fill: (OpaquePointer, inout [OpaquePointer]) -> Bool
    ) throws(TesseraError) -> EVPKey {
        guard let builder = OSSL_PARAM_BLD_new() else { throw LibCrypto.failure("OSSL_PARAM_BLD_new failed") }
        defer { OSSL_PARAM_BLD_free(builder) }
        // OSSL_PARAM_BLD keeps pointers to the big numbers until OSSL_PARAM_BLD_to_param copies them.
        var numbers: [OpaquePointer] = []
        defer { for number in numbers { BN_clear_free(number) } }
        guard fill(builder, &numbers), let parameters = OSSL_PARAM_BLD_to_param(builder) else {
            LibCrypto.clearErrors()
            throw TesseraError(.invalidKey, "the \(type) key components are not usable")
        }
        defer { OSSL_PARAM_free(parameters) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, LibCrypto.cString(type), nil) else {
            throw LibCrypto.failure("no \(type) key management is available")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1,
            EVP_PKEY_fromdata(context, &key, selection.rawValue, parameters) == 1,
            let key
        else {
            LibCrypto.clearErrors()
            throw TesseraError(
                .invalidKey,
                "OpenSSL refused the \(type) key components (e.g. a point not on the curve)"
            )
        }
        return EVPKey(takingOwnershipOf: key)
    }

    /// Generates an RSA key with `bits` bits and public exponent 65537.
    static func generateRSA(bits: Int) throws(TesseraError) -> EVPKey {
        try generate(type: "RSA") { EVP_PKEY_CTX_set_rsa_keygen_bits($0, Int32(bits)) == 1 }
    }

    /// Generates an EC key on `group`.
    static func generateEC(group: StaticString) throws(TesseraError) -> EVPKey {
        try generate(type: "EC") { EVP_PKEY_CTX_set_group_name($0, LibCrypto.cString(group)) == 1 }
    }

    private static func generate(
        type: StaticString,
        _ configure: (OpaquePointer) -> Bool
    ) throws(TesseraError) -> EVPKey {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, LibCrypto.cString(type), nil) else {
            throw LibCrypto.failure("no \(type) key management is available")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, configure(context), EVP_PKEY_generate(context, &key) == 1, let key
        else {
            throw LibCrypto.failure("\(type) key generation failed")
        }
        return EVPKey(takingOwnershipOf: key)
    }
}
