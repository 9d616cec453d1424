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
        // The decoder context keeps this out-parameter and writes the key through it later, in
        // OSSL_DECODER_from_data: it must be memory of our own that outlives the context, never Swift's `&key`,
        // which is only valid for the one call it is passed to.
        let slot = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: 1)
        slot.initialize(to: nil)
        defer { slot.deallocate() }
        let inputType = LibCrypto.cString(pem ? "PEM" : "DER")
        guard let context = OSSL_DECODER_CTX_new_for_pkey(slot, inputType, nil, nil, selection.rawValue, nil, nil)
        else { throw LibCrypto.failure("no key decoder is available") }
        let decoded = bytes.withUnsafeBufferPointer { buffer -> Int32 in
            var data = buffer.baseAddress
            var length = buffer.count
            return OSSL_DECODER_from_data(context, &data, &length)
        }
        OSSL_DECODER_CTX_free(context)
        let key = slot.pointee
        guard decoded == 1, let key else {
            if let key { EVP_PKEY_free(key) }
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
        try fromData(type: "RSA", selection: isPrivate ? .keyPair : .publicKey) { builder, retained in
            for component in components {
                guard let bn = retained.bigNumber(component.value),
                    OSSL_PARAM_BLD_push_BN(builder, LibCrypto.cString(component.name), bn) == 1
                else { return false }
            }
            return true
        }
    }

    /// Builds an EC key from its group, uncompressed public point and optional private scalar.
    static func ec(group: StaticString, point: [UInt8], privateScalar: [UInt8]?) throws(TesseraError) -> EVPKey {
        try fromData(type: "EC", selection: privateScalar == nil ? .publicKey : .keyPair) { builder, retained in
            let pinnedPoint = retained.octets(point)
            guard
                OSSL_PARAM_BLD_push_utf8_string(builder, LibCrypto.cString("group"), LibCrypto.cString(group), 0) == 1,
                OSSL_PARAM_BLD_push_octet_string(
                    builder,
                    LibCrypto.cString("pub"),
                    pinnedPoint.baseAddress,
                    pinnedPoint.count
                ) == 1
            else { return false }
            guard let privateScalar else { return true }
            guard let bn = retained.bigNumber(privateScalar) else { return false }
            return OSSL_PARAM_BLD_push_BN(builder, LibCrypto.cString("priv"), bn) == 1
        }
    }

    private static func fromData(
        type: StaticString,
        selection: Selection,
        _ fill: (OpaquePointer, BuilderStorage) -> Bool
    ) throws(TesseraError) -> EVPKey {
        guard let builder = OSSL_PARAM_BLD_new() else { throw LibCrypto.failure("OSSL_PARAM_BLD_new failed") }
        defer { OSSL_PARAM_BLD_free(builder) }
        // OSSL_PARAM_BLD keeps pointers to big numbers and octet strings until OSSL_PARAM_BLD_to_param copies
        // them: the storage that owns them is released only after that call.
        let retained = BuilderStorage()
        defer { retained.release() }
        guard fill(builder, retained), let parameters = OSSL_PARAM_BLD_to_param(builder) else {
            LibCrypto.clearErrors()
            throw TesseraError(.invalidKey, "the \(type) key components are not usable")
        }
        defer { Self.clearAndFree(parameters) }
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

    /// Wipes every value of a parameter array (it holds copies of private components) and frees it: OpenSSL 3.0 has
    /// no `OSSL_PARAM_clear_free`.
    private static func clearAndFree(_ parameters: UnsafeMutablePointer<OSSL_PARAM>) {
        var entry = parameters
        while entry.pointee.key != nil {
            if let data = entry.pointee.data { OPENSSL_cleanse(data, entry.pointee.data_size) }
            entry += 1
        }
        OSSL_PARAM_free(parameters)
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

/// Memory that an `OSSL_PARAM_BLD` points into until `OSSL_PARAM_BLD_to_param` copies it: big numbers and octet
/// strings, wiped and freed by ``release()`` after that call. Swift arrays passed straight to a builder would be
/// valid only for the one push call (the pointer C keeps would dangle).
private final class BuilderStorage {
    private var numbers: [OpaquePointer] = []
    private var buffers: [UnsafeMutableRawBufferPointer] = []

    /// A big number from unsigned big-endian bytes, kept until ``release()``.
    func bigNumber(_ bytes: [UInt8]) -> OpaquePointer? {
        guard let bn = bytes.withUnsafeBufferPointer({ BN_bin2bn($0.baseAddress, Int32($0.count), nil) }) else {
            return nil
        }
        numbers.append(bn)
        return bn
    }

    /// A copy of `bytes` at a fixed address, kept until ``release()``.
    func octets(_ bytes: [UInt8]) -> UnsafeRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        buffers.append(buffer)
        return UnsafeRawBufferPointer(rebasing: buffer[..<bytes.count])
    }

    /// Wipes and frees everything kept.
    func release() {
        for number in numbers { BN_clear_free(number) }
        for buffer in buffers {
            if let base = buffer.baseAddress { OPENSSL_cleanse(base, buffer.count) }
            buffer.deallocate()
        }
        numbers = []
        buffers = []
    }
}
