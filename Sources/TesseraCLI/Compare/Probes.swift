import Foundation
import TesseraCore
import TesseraJWS
import TesseraPASETO

/// What a format's verifier enforces, found by probing it rather than by description.
struct SecurityProfile: Encodable {
    /// `key` when the verifier refused a token whose header names another algorithm or purpose before any crypto.
    let algorithmChosenBy: String
    /// Whether anyone holding the token can read the claims without a key.
    let payloadReadable: Bool
    /// `shared secret` or `public key`.
    let keyDistribution: String
    /// Whether a token without `exp` is refused by default.
    let expiryRequiredByDefault: Bool
    /// What revocation the format offers.
    let revocation: String
}

/// One attack replayed against a format: refused with an error code, or accepted.
struct AttackOutcome: Encodable {
    let attack: String
    let result: String
    let code: String?
}

enum Probes {
    static let marker = "tessera-compare-marker"

    /// Probes the verifier's behaviour for the security matrix.
    static func profile(_ backend: Backend, claims: Claims) throws -> SecurityProfile {
        var marked = claims
        marked.custom["probe"] = .string(marker)
        let token = try backend.issuer.issue(marked)
        let swapped = swapHeader(token)
        let chosenBy =
            code { try backend.verifier.verify(swapped) } == "wrongHeader" ? "key (header only checked)" : "header"
        let noExp = try backend.signRaw(Array(#"{"sub":"probe"}"#.utf8))
        let expiryRequired = code { try backend.verifier.verify(noExp) } == "missingClaim"
        var revoked = claims
        revoked.issuer = "https://auth.example.com"
        revoked.tokenID = backend.revokedTokenID ?? Backend.revokedTokenID
        let revocationChecked = code { try backend.verifier.verify(try backend.issuer.issue(revoked)) } == "revoked"
        return SecurityProfile(
            algorithmChosenBy: chosenBy,
            payloadReadable: readableWithoutKey(token)?.contains(marker) == true,
            keyDistribution: backend.isSymmetric ? "shared secret" : "public key",
            expiryRequiredByDefault: expiryRequired,
            revocation: revocationChecked
                ? "checked on every verify: jti, sid, subject and global epochs, key id (in-memory list)"
                : "not checked: only exp ends a token (add checkingRevocation from TesseraSessions)"
        )
    }

    /// Every attack class of the JWT catalogue that applies through the shared Token protocol.
    static func gallery(_ backend: Backend, claims: Claims, now: Date) throws -> [AttackOutcome] {
        let token = try backend.issuer.issue(claims)
        var expired = claims
        expired.expiration = now.addingTimeInterval(-60)
        let attacks: [(Attack, () throws -> String?)] = [
            (.unsigned, { unsigned(token) }),
            (.headerSwap, { swapHeader(token) }),
            (.keyConfusion, backend.confusedToken),
            (.payloadByteChanged, { tamper(token) }),
            (.otherKey, { token }),
            (.expired, { try backend.issuer.issue(expired) }),
            (.padding, { token + "=" }),
            (.extraSegment, { token + ".e30" }),
            (
                .duplicateClaim,
                { try backend.signRaw(Array(#"{"sub":"user","sub":"admin","exp":"\#(expiry(backend, now))"}"#.utf8)) }
            ),
            (.oversized, { String(token.prefix(12)) + String(repeating: "A", count: 1 << 20) }),
        ]
        return try attacks.map { attack, make in
            guard let forged = try make() else {
                return AttackOutcome(attack: attack.label, result: "not applicable", code: nil)
            }
            let verifier = attack == .otherKey ? backend.otherKeyVerifier : backend.verifier
            let error = code { try verifier.verify(forged) }
            return AttackOutcome(attack: attack.label, result: error == nil ? "ACCEPTED" : "rejected", code: error)
        }
    }

    /// The attack classes of the gallery, chosen by identity; `label` is only what the report shows.
    enum Attack: CaseIterable {
        case unsigned, headerSwap, keyConfusion, payloadByteChanged, otherKey, expired, padding, extraSegment
        case duplicateClaim, oversized

        var label: String {
            switch self {
            case .unsigned: "unsigned token (alg none / stripped tag)"
            case .headerSwap: "header names another algorithm or purpose"
            case .keyConfusion: "public key used as HMAC or local secret"
            case .payloadByteChanged: "one payload byte changed"
            case .otherKey: "signed by another key"
            case .expired: "expired"
            case .padding: "padding added to a segment"
            case .extraSegment: "extra segment"
            case .duplicateClaim: "duplicate claim"
            case .oversized: "1 MB token"
            }
        }
    }

    private static func expiry(_ backend: Backend, _ now: Date) -> String {
        let date = now.addingTimeInterval(600)
        if backend.family == "JWS" { return "\(Int(date.timeIntervalSince1970))" }
        return (try? RFC3339.string(from: date)) ?? ""
    }

    /// The error code `body` failed with, or `nil` when it verified.
    static func code(_ body: () throws -> VerifiedToken) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as TesseraError {
            return error.code.description
        } catch {
            return "\(error)"
        }
    }

    /// The claims text an observer sees without any key, or `nil` when the token hides it.
    static func readableWithoutKey(_ token: String) -> String? {
        payloadView(token).text
    }

    /// What an observer without a key sees of a token's payload.
    struct PayloadView {
        /// The claims text, when it decoded.
        let text: String?
        /// `readable`, `encrypted` (a `v4.local` token), or `decode failed: <reason>`.
        let summary: String
    }

    /// The payload of `token` read without a key: `encrypted` only for `v4.local`; any other token whose payload does
    /// not decode is reported as a decode failure, not as encrypted.
    static func payloadView(_ token: String) -> PayloadView {
        if token.utf8.starts(with: PASETO.V4.Local.header.utf8) { return PayloadView(text: nil, summary: "encrypted") }
        do {
            let bytes: [UInt8]
            if token.utf8.starts(with: "v4.".utf8) {
                guard let payload = try PASETO.UnverifiedToken(unverified: token).payload else {
                    return PayloadView(text: nil, summary: "decode failed: no payload in the token")
                }
                bytes = Array(payload)
            } else {
                let segments = token.split(separator: ".", omittingEmptySubsequences: false)
                guard segments.count == 3 else {
                    return PayloadView(text: nil, summary: "decode failed: \(segments.count) segments, not 3")
                }
                bytes = try Base64URL.decode(segments[1])
            }
            return PayloadView(text: String(decoding: bytes, as: UTF8.self), summary: "readable")
        } catch {
            return PayloadView(text: nil, summary: "decode failed: \(error.code)")
        }
    }

    /// The token with its header naming another algorithm of the family, or the other PASETO purpose.
    private static func swapHeader(_ token: String) -> String {
        if token.hasPrefix("v4.local.") { return "v4.public." + token.dropFirst("v4.local.".count) }
        if token.hasPrefix("v4.public.") { return "v4.local." + token.dropFirst("v4.public.".count) }
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard let header = try? Base64URL.decode(segments[0]) else { return token }
        var text = String(decoding: header, as: UTF8.self)
        for (from, to) in swaps where text.contains(from) {
            text = text.replacingOccurrences(of: from, with: to)
            break
        }
        return ([Base64URL.encode(Array(text.utf8))] + segments.dropFirst().map(String.init)).joined(separator: ".")
    }

    /// Each JWS algorithm of the comparison with another of its family (or, for EdDSA, another family).
    private static let swaps = [
        ("HS256", "HS512"), ("HS384", "HS256"), ("HS512", "HS256"), ("RS256", "PS256"), ("PS256", "RS256"),
        ("ES256", "ES384"), ("ES384", "ES256"), ("ES512", "ES256"), ("EdDSA", "ES256"),
    ]

    /// The algorithm a header swap puts in place of `name`, compared byte for byte.
    static func swappedAlgorithm(_ name: String) -> String? {
        swaps.first { $0.0.utf8.elementsEqual(name.utf8) }?.1
    }

    /// The token with its signature or tag removed: `alg: none` for JWS, a body cut before the tag for PASETO.
    private static func unsigned(_ token: String) -> String {
        if token.hasPrefix("v4.") {
            let segments = token.split(separator: ".", omittingEmptySubsequences: false)
            guard let body = try? Base64URL.decode(segments[2]) else { return token }
            return "\(segments[0]).\(segments[1])." + Base64URL.encode(Array(body.dropLast(64)))
        }
        let segments = token.split(separator: ".")
        return Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + ".\(segments[1])."
    }

    /// The token with one byte of its payload changed, re-encoded canonically so only the byte differs: the first
    /// ciphertext byte of a `v4.local` body (after the 32-byte nonce), the first message byte of a `v4.public` body,
    /// the first byte of a JWS payload.
    static func tamper(_ token: String) -> String {
        var segments = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let index = token.hasPrefix("v4.") ? 2 : 1
        guard segments.count > index, var bytes = try? Base64URL.decode(segments[index]) else { return token }
        let position = token.hasPrefix("v4.local.") ? 32 : 0
        guard bytes.count > position else { return token }
        bytes[position] ^= 0x01
        segments[index] = Base64URL.encode(bytes)
        return segments.joined(separator: ".")
    }
}
