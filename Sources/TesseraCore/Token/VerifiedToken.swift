#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A token that passed every check: structure, cryptography and claim rules.
public struct VerifiedToken: Sendable {
    /// The token's format.
    public let format: TokenFormat
    /// The decoded claims.
    public let claims: Claims
    /// The payload exactly as it was in the token (decrypted for encrypted formats).
    public let payload: [UInt8]
    /// The footer bytes, for formats that have one; empty when absent.
    public let footer: [UInt8]
    /// The id of the key that verified the token: a PASETO key's PASERK id, a JWS key's `kid` (or its thumbprint),
    /// whether one key or a ring was configured. Revoking a key id (`Revocation.keyID`) matches on it.
    public let keyID: String?
    /// The date format of the claims, for ``decode(_:)``.
    public let dateFormat: ClaimsCodec.DateFormat

    /// Creates a verified token; only backends call this, after verification.
    ///
    /// - Parameters:
    ///   - format: The format.
    ///   - claims: The decoded claims.
    ///   - payload: The raw payload.
    ///   - footer: The raw footer.
    ///   - keyID: The key id used, if any.
    ///   - dateFormat: How the payload writes dates.
    public init(
        format: TokenFormat,
        claims: Claims,
        payload: [UInt8],
        footer: [UInt8],
        keyID: String?,
        dateFormat: ClaimsCodec.DateFormat
    ) {
        self.format = format
        self.claims = claims
        self.payload = payload
        self.footer = footer
        self.keyID = keyID
        self.dateFormat = dateFormat
    }

    /// Decodes the verified payload into a `Decodable` type; `Date` properties read the format's date encoding.
    ///
    /// - Parameter type: The type to decode.
    /// - Returns: The decoded value.
    /// - Throws: ``TesseraError/Code/invalidClaim`` when the payload does not fit the type.
    public func decode<T: Decodable>(_ type: T.Type) throws(TesseraError) -> T {
        let decoder = JSONDecoder()
        switch dateFormat {
        case .rfc3339:
            decoder.dateDecodingStrategy = .custom { decoder in
                let text = try decoder.singleValueContainer().decode(String.self)
                return try RFC3339.date(from: text)
            }
        case .numericDate:
            // Registered dates are NumericDate numbers; custom claims added with `Claims.addCustom` carry RFC 3339
            // strings in every format. The JSON type tells which was written, so both read back.
            decoder.dateDecodingStrategy = .custom { decoder in
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) { return try RFC3339.date(from: text) }
                return Date(timeIntervalSince1970: try container.decode(Double.self))
            }
        }
        do {
            return try decoder.decode(type, from: Data(payload))
        } catch {
            throw TesseraError(.invalidClaim, "the payload does not decode as \(T.self): \(error)")
        }
    }
}
