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

    /// A DER `ECDSA-Sig-Value` from `r ‖ s`; `nil` when the raw form has the wrong length.
    static func der(fromRaw raw: UnsafeRawBufferPointer, coordinateLength: Int) -> [UInt8]? {
        guard raw.count == 2 * coordinateLength, let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self),
            let signature = ECDSA_SIG_new()
        else { return nil }
        defer { ECDSA_SIG_free(signature) }
        guard let r = BN_bin2bn(base, Int32(coordinateLength), nil) else { return nil }
        guard let s = BN_bin2bn(base + coordinateLength, Int32(coordinateLength), nil) else {
            BN_free(r)
            return nil
        }
        guard ECDSA_SIG_set0(signature, r, s) == 1 else {
            BN_free(r)
            BN_free(s)
            return nil
        }
        var output: UnsafeMutablePointer<UInt8>?
        let length = i2d_ECDSA_SIG(signature, &output)
        guard length > 0, let output else { return nil }
        defer { LibCrypto.free(output) }
        return Array(UnsafeBufferPointer(start: output, count: Int(length)))
    }
}
