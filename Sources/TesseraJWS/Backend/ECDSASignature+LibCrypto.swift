internal import CTesseraLibCrypto
import TesseraCore

/// Converts ECDSA signatures between OpenSSL's DER form and JWS's fixed-length `r ‖ s` (RFC 7518 §3.4) with
/// OpenSSL's own `ECDSA_SIG` functions.
enum ECDSASignature {
    /// `r ‖ s`, each left-padded to `coordinateLength` bytes, from a DER `ECDSA-Sig-Value`.
    static func raw(fromDER der: [UInt8], coordinateLength: Int) throws(TesseraError) -> [UInt8] {
        let signature = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &cursor, buffer.count)
        }
        guard let signature else { throw LibCrypto.failure("OpenSSL produced an unreadable ECDSA signature") }
        defer { ECDSA_SIG_free(signature) }
        var output = [UInt8](repeating: 0, count: 2 * coordinateLength)
        let written = output.withUnsafeMutableBufferPointer { out -> Bool in
            guard let base = out.baseAddress else { return false }
            return BN_bn2binpad(ECDSA_SIG_get0_r(signature), base, Int32(coordinateLength)) == Int32(coordinateLength)
                && BN_bn2binpad(ECDSA_SIG_get0_s(signature), base + coordinateLength, Int32(coordinateLength))
                    == Int32(coordinateLength)
        }
        guard written else { throw LibCrypto.failure("ECDSA signature coordinates do not fit the curve size") }
        return output
    }

    /// Runs `body` with the DER `ECDSA-Sig-Value` of `r ‖ s`, written by OpenSSL into a temporary buffer; returns
    /// `false` without calling `body` when the raw form has the wrong length.
    static func withDER(
        fromRaw raw: UnsafeRawBufferPointer,
        coordinateLength: Int,
        _ body: (UnsafeRawBufferPointer) throws(TesseraError) -> Bool
    ) throws(TesseraError) -> Bool {
        guard raw.count == 2 * coordinateLength, let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self),
            let signature = ECDSA_SIG_new()
        else { return false }
        defer { ECDSA_SIG_free(signature) }
        guard let r = BN_bin2bn(base, Int32(coordinateLength), nil) else { return false }
        guard let s = BN_bin2bn(base + coordinateLength, Int32(coordinateLength), nil) else {
            BN_free(r)
            return false
        }
        guard ECDSA_SIG_set0(signature, r, s) == 1 else {
            BN_free(r)
            BN_free(s)
            return false
        }
        // Two INTEGERs of at most coordinateLength + 1 bytes, each with a tag and a length of up to 2 bytes, in a
        // SEQUENCE with a tag and a length of up to 3 bytes: OpenSSL writes at most this much.
        let capacity = 2 * (coordinateLength + 4) + 4
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) {
            buffer throws(TesseraError) -> Bool in
            var cursor = buffer.baseAddress
            let length = Int(i2d_ECDSA_SIG(signature, &cursor))
            guard length > 0, length <= capacity else { return false }
            return try body(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[..<length]))
        }
    }
}
