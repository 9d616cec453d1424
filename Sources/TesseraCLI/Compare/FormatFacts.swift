import Foundation
import TesseraCore
import TesseraJWS
import TesseraPASETO

/// What a token format lets a token say, found by making tokens of that format and reading them back: the facts
/// that set the formats apart, where the security matrix describes Tessera's verifiers.
struct FormatFacts: Encodable {
    /// What the token's header is and which fields a token can carry to steer a verifier.
    let header: HeaderFacts
    /// The payload decoded from the token without any key, or `nil` when it could not be read (see ``payload``).
    let payloadWithoutKey: String?
    /// `readable`, `encrypted` (only a `v4.local` token), or `decode failed: <reason>` for a token whose payload
    /// should be readable but did not decode.
    let payload: String
    /// Whether a second valid spelling of the same token exists, found by trying to produce one.
    let secondSpelling: SecondSpelling
    /// The token's size against the claims JSON it carries.
    let size: SizeFacts
}

/// The header of a token as read back from it.
struct HeaderFacts: Encodable {
    /// `open JSON object (JOSE)` when the header segment decodes to a JSON object, `fixed byte string` when it is
    /// exactly the format's constant.
    let kind: String
    /// The header read from the token: the decoded JOSE JSON, or the PASETO header bytes.
    let observed: String
    /// The fields a token can carry to steer a verifier, each with Tessera's probed verdict.
    let steers: [HeaderSteer]
    /// PASETO: other header bytes sent in place of the constant, each refused or accepted.
    let variants: [AttackOutcome]?
}

/// One field a token can carry to steer its verifier, and what Tessera did with it.
struct HeaderSteer: Encodable {
    /// The field, e.g. `jku`, or `footer kid` for PASETO.
    let field: String
    /// Whether a token carrying the field was made and the field was read back from the token itself.
    let carried: Bool
    /// One of: `checked` (a value naming another key or algorithm is refused before any cryptography: for `alg`,
    /// with the code `wrongHeader`; for `kid`, by a key set or ring), `refused (signature)` / `refused (<code>)`
    /// (an `alg` probe refused only later, so the header was not what stopped it), `refused` (a token carrying the
    /// field is refused outright), `ignored` (the token verifies only under the verifier's own key, whatever the
    /// field says), `ACCEPTED (must refuse)` (`crit` or `b64` accepted, which RFC 7515 §4.1.11 and RFC 7797 §6
    /// forbid), or `STEERS` (a token signed by another key or under the named algorithm verified).
    let verdict: String
    /// The error code of the refusal the verdict rests on.
    let code: String?
    /// What was sent and what happened, in words.
    let probe: String
}

/// The search for another valid spelling of one token.
struct SecondSpelling: Encodable {
    /// Whether one of the transformed tokens verified.
    let exists: Bool
    /// The first transformed token that verified: the same claims, signer and signature validity, other bytes.
    let token: String?
    /// When ``token`` is set: the token it was derived from.
    let original: String?
    /// When ``token`` is set: the public key both spellings verify under, as JWK text.
    let publicKeyJWK: String?
    /// Every transformation tried, with Tessera's verdict (`ACCEPTED` means a second spelling).
    let attempts: [AttackOutcome]
}

/// A token's size and its overhead over the claims JSON it carries.
struct SizeFacts: Encodable {
    /// The token's length in bytes.
    let tokenBytes: Int
    /// The claims JSON the token carries, as issued (with `iat` and `exp`).
    let claimsBytes: Int
    /// `tokenBytes − claimsBytes`.
    let overheadBytes: Int
    /// The overhead as a percentage of `claimsBytes`, to one decimal.
    let overheadPercent: Double
}

extension Probes {
    /// A URL an attacker controls, sent in `jku` and `x5u`; Tessera has no network code to fetch it with.
    static let attackerURL = "https://attacker.example/keys"

    /// Probes the format facts from a token of `backend` carrying `claims`.
    static func facts(_ backend: Backend, claims: Claims) throws -> FormatFacts {
        let token = try backend.issuer.issue(claims)
        let payload = try backend.verifier.verify(token).payload
        let view = payloadView(token)
        let header =
            backend.signUnderHeader == nil
            ? try pasetoHeader(backend, token: token, payload: payload)
            : try joseHeader(backend, token: token, payload: payload)
        let tokenBytes = token.utf8.count
        let overhead = tokenBytes - payload.count
        return FormatFacts(
            header: header,
            payloadWithoutKey: view.text,
            payload: view.summary,
            secondSpelling: secondSpelling(backend, token: token),
            size: SizeFacts(
                tokenBytes: tokenBytes,
                claimsBytes: payload.count,
                overheadBytes: overhead,
                overheadPercent: (Double(overhead * 1000) / Double(max(payload.count, 1))).rounded() / 10
            )
        )
    }

    /// The JOSE fields that can steer a verifier, each with a value an attacker would send; `jwk` only when the
    /// backend has another key to embed.
    private static func joseFields(_ backend: Backend, header: JSONObject) -> [(String, JSONValue, signer: ProbeSigner)]
    {
        let algorithm = header["alg"]?.stringValue ?? ""
        let otherAlgorithm = swappedAlgorithm(algorithm) ?? "none"
        var fields: [(String, JSONValue, signer: ProbeSigner)] = [
            ("alg", .string(otherAlgorithm), .swapped),
            ("kid", .string(backend.otherKeyID), .own),
            ("jku", .string(attackerURL), .other),
        ]
        if let jwk = backend.otherPublicJWK { fields.append(("jwk", .object(jwk), .other)) }
        fields += [
            ("x5u", .string(attackerURL), .other),
            ("crit", .array([.string("tessera-probe")]), .mustRefuse),
            ("zip", .string("DEF"), .own),
            ("b64", .bool(false), .mustRefuse),
        ]
        return fields
    }

    /// Who signs a probe token, and what accepting it means.
    private enum ProbeSigner {
        /// The verifier's own key: accepting the field is ignoring it.
        case own
        /// The verifier's own key, for a field RFC 7515 or RFC 7797 requires a verifier to refuse when it does not
        /// implement it (`crit`, `b64`): accepting it is a failure.
        case mustRefuse
        /// The attacker's key the field points at.
        case other
        /// The verifier's own key material under the algorithm the field names, where the key can sign under it.
        case swapped
    }

    /// Sends each JOSE field in a header that is otherwise the token's own, and classifies Tessera's answer.
    private static func joseHeader(_ backend: Backend, token: String, payload: [UInt8]) throws -> HeaderFacts {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        let headerBytes = try Base64URL.decode(segments[0])
        let header = try JSONParser(limits: JWS.headerLimits).parseObject(headerBytes)
        guard let sign = backend.signUnderHeader else { throw CLIError.unusable("\(backend.name) has no JOSE signer") }
        var steers: [HeaderSteer] = []
        for (field, value, signer) in joseFields(backend, header: header) {
            var probe = header
            probe[field] = value
            if field.utf8.elementsEqual("crit".utf8) { probe["tessera-probe"] = .bool(true) }
            let signed = { (asOther: Bool) in try sign(JSONWriter.bytes(for: .object(probe)), payload, asOther) }
            let shown = field.utf8.elementsEqual("jwk".utf8) ? "the attacker's JWK" : describe(value)
            if signer == .swapped {
                let (token, verdict) = try algorithmVerdict(backend, probe: probe, payload: payload, shown: shown)
                steers.append(
                    HeaderSteer(
                        field: field,
                        carried: carries(token, field),
                        verdict: verdict.0,
                        code: verdict.1,
                        probe: verdict.2
                    )
                )
                continue
            }
            let ownToken = try signed(false)
            let verdict: (String, String?, String)
            if let own = code({ try backend.verifier.verify(ownToken) }) {
                verdict = ("refused", own, "\(shown): refused (\(own))")
            } else if signer == .mustRefuse {
                verdict = (
                    "ACCEPTED (must refuse)", nil,
                    "\(shown): accepted under the verifier's own key, though the RFCs require refusing it"
                )
            } else if let routed = backend.keyRoutingVerifier.flatMap({ verifier in
                code { try verifier.verify(ownToken) }
            }) {
                verdict = (
                    "checked", routed, "\(shown): a key set refuses it (\(routed)); a single key takes it as a hint"
                )
            } else if signer == .other {
                let attackerToken = try signed(true)
                if let refusal = code({ try backend.verifier.verify(attackerToken) }) {
                    verdict = (
                        "ignored", refusal,
                        "\(shown): accepted under the verifier's key, refused signed by the attacker's key "
                            + "(\(refusal)); never fetched or used"
                    )
                } else {
                    verdict = ("STEERS", nil, "\(shown), signed by the attacker's key: ACCEPTED")
                }
            } else {
                verdict = ("ignored", nil, "\(shown): accepted under the verifier's own key")
            }
            steers.append(
                HeaderSteer(
                    field: field,
                    carried: carries(ownToken, field),
                    verdict: verdict.0,
                    code: verdict.1,
                    probe: verdict.2
                )
            )
        }
        return HeaderFacts(
            kind: "open JSON object (JOSE)",
            observed: String(decoding: headerBytes, as: UTF8.self),
            steers: steers,
            variants: nil
        )
    }

    /// The `alg` probe: the header names another algorithm, and where the key can sign under it, the token is signed
    /// so, so a verifier that obeyed the header would accept it. `checked` only when the refusal is `wrongHeader`,
    /// the code of a header refused before any cryptography.
    private static func algorithmVerdict(
        _ backend: Backend,
        probe: JSONObject,
        payload: [UInt8],
        shown: String
    ) throws -> (token: String, verdict: (String, String?, String)) {
        let header = JSONWriter.bytes(for: .object(probe))
        let token: String
        let how: String
        if let signSwapped = backend.signUnderSwappedAlgorithm {
            token = try signSwapped(header, payload)
            how = "signed with the same key under \(shown), so a verifier obeying the header would accept it"
        } else if let sign = backend.signUnderHeader {
            token = try sign(header, payload, false)
            how = "signed under \(backend.name) (the key cannot sign under \(shown))"
        } else {
            throw CLIError.unusable("\(backend.name) has no JOSE signer")
        }
        guard let refusal = code({ try backend.verifier.verify(token) }) else {
            // Signed under the named algorithm and accepted: the header chose it. Signed under the key's own one and
            // accepted: the header was not consulted.
            let word = backend.signUnderSwappedAlgorithm == nil ? "ignored" : "STEERS"
            return (token, (word, nil, "\(shown), \(how): ACCEPTED"))
        }
        if refusal.utf8.elementsEqual("wrongHeader".utf8) {
            return (token, ("checked", refusal, "\(shown), \(how): refused before any cryptography (\(refusal))"))
        }
        let stage = refusal.utf8.elementsEqual("authenticationFailed".utf8) ? "signature" : refusal
        return (
            token,
            ("refused (\(stage))", refusal, "\(shown), \(how): refused only later (\(refusal)), not by the header")
        )
    }

    /// Whether `token`'s own header, decoded from its first segment, has the member `field`.
    private static func carries(_ token: String, _ field: String) -> Bool {
        guard let first = token.split(separator: ".", maxSplits: 1).first,
            let bytes = try? Base64URL.decode(first),
            let object = try? JSONParser(limits: JWS.headerLimits).parseObject(bytes)
        else { return false }
        return object[field] != nil
    }

    /// A probe value as JSON text.
    private static func describe(_ value: JSONValue) -> String {
        String(decoding: JSONWriter.bytes(for: value), as: UTF8.self)
    }

    /// The PASETO header: the first two segments must be exactly the format's constant, and the footer's `kid` is
    /// the only field a token can carry to steer a verifier.
    private static func pasetoHeader(_ backend: Backend, token: String, payload: [UInt8]) throws -> HeaderFacts {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        let observed = segments.prefix(2).joined(separator: ".") + "."
        let constant = [PASETO.V4.Local.header, PASETO.V4.Public.header].first { observed.utf8.elementsEqual($0.utf8) }
        let rest = segments.dropFirst(2).joined(separator: ".")
        let variants = ["v4.local.", "v4.public.", "v3.local.", "v4.LOCAL.", observed + #"{"alg":"none"}."#]
            .filter { !$0.utf8.elementsEqual(observed.utf8) }
            .map { variant in
                let refusal = code { try backend.verifier.verify(variant + rest) }
                return AttackOutcome(
                    attack: variant,
                    result: refusal == nil ? "ACCEPTED" : "rejected",
                    code: refusal
                )
            }
        guard let signWithFooter = backend.signWithFooter else {
            throw CLIError.unusable("\(backend.name) has no footer signer")
        }
        let footer = JSONWriter.bytes(for: .object(["kid": .string(backend.otherKeyID)]))
        let kidToken = try signWithFooter(payload, footer)
        let single = code { try backend.verifier.verify(kidToken) }
        let routed = backend.keyRoutingVerifier.flatMap { verifier in code { try verifier.verify(kidToken) } }
        var swapped = kidToken.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        swapped[swapped.count - 1] = Base64URL.encode(JSONWriter.bytes(for: .object(["kid": .string("rewritten")])))
        let rewritten = code { try backend.verifier.verify(swapped.joined(separator: ".")) }
        let read = (try? PASETO.UnverifiedToken(unverified: kidToken).footer) ?? []
        let steer = HeaderSteer(
            field: "footer kid",
            carried: read.elementsEqual(footer),
            verdict: routed == nil ? (single == nil ? "ignored" : "refused") : "checked",
            code: routed ?? single,
            probe: "kid naming another key: "
                + (backend.keyRoutingVerifier == nil
                    ? "no key ring was probed"
                    : routed.map { "a key ring refuses it (\($0))" } ?? "a key ring ACCEPTS it")
                + ", a single key "
                + (single.map { "refuses it (\($0))" } ?? "does not consult it")
                + "; the footer is authenticated, so rewriting it after signing is refused (\(rewritten ?? "ACCEPTED"))"
        )
        return HeaderFacts(
            kind: constant == nil ? "unexpected header" : "fixed byte string",
            observed: observed,
            steers: [steer],
            variants: variants
        )
    }

    /// Tries to produce another valid spelling of `token`: `s → n − s` for ECDSA, `S → S + L` for Ed25519, a flipped
    /// tag or signature bit otherwise, and a non-canonical base64url spelling of the last segment.
    private static func secondSpelling(_ backend: Backend, token: String) -> SecondSpelling {
        var segments = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let index = 2  // the JWS signature segment, or the PASETO body that ends with the tag or signature
        let isLocal = token.utf8.starts(with: PASETO.V4.Local.header.utf8)
        var attempts: [(String, String)] = []
        if let bytes = try? Base64URL.decode(segments[index]), !bytes.isEmpty {
            let signatureStart = bytes.count - (isLocal ? 32 : signatureLength(backend, bytes))
            let signature = Array(bytes[signatureStart...])
            let body = Array(bytes[..<signatureStart])
            var transformed: [(String, [UInt8]?)] = []
            switch signatureScheme(token) {
            case .ecdsa: transformed.append(("ECDSA s → n − s (curve order)", Spelling.negatingS(signature)))
            case .ed25519: transformed.append(("Ed25519 S → S + L (group order)", Spelling.addingOrder(signature)))
            case .other: break
            }
            var flipped = signature
            flipped[flipped.count - 1] ^= 0x01
            transformed.append(
                (isLocal ? "one tag bit flipped" : "one signature bit flipped", flipped)
            )
            for (label, replacement) in transformed {
                guard let replacement else { continue }
                segments[index] = Base64URL.encode(body + replacement)
                attempts.append((label, segments.joined(separator: ".")))
            }
        }
        segments = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let firstEncoded = backend.family.utf8.elementsEqual("JWS".utf8) ? 0 : 2
        if let respelled = segments.indices.dropFirst(firstEncoded).reversed().lazy.compactMap({ position in
            Spelling.nonCanonical(Substring(segments[position])).map { (position, $0) }
        }).first {
            segments[respelled.0] = respelled.1
            attempts.append(("non-canonical base64url (unused bits set)", segments.joined(separator: ".")))
        }
        var accepted: String?
        let outcomes = attempts.map { label, candidate in
            let refusal = code { try backend.verifier.verify(candidate) }
            if refusal == nil, accepted == nil, !candidate.utf8.elementsEqual(token.utf8) { accepted = candidate }
            return AttackOutcome(attack: label, result: refusal == nil ? "ACCEPTED" : "rejected", code: refusal)
        }
        return SecondSpelling(
            exists: accepted != nil,
            token: accepted,
            original: accepted.map { _ in token },
            publicKeyJWK: accepted.flatMap { _ in backend.publicJWK },
            attempts: outcomes
        )
    }

    /// The signature schemes with a known second-spelling transformation.
    private enum SignatureScheme {
        case ecdsa, ed25519, other
    }

    /// The token's signature scheme, read from the token itself: the JOSE header's `alg` (`ES256`/`ES384`/`ES512`,
    /// `EdDSA`) or the PASETO header (`v4.public.` signs with Ed25519), never from a display name.
    private static func signatureScheme(_ token: String) -> SignatureScheme {
        if token.utf8.starts(with: PASETO.V4.Public.header.utf8) { return .ed25519 }
        if token.utf8.starts(with: "v4.".utf8) { return .other }
        guard let first = token.split(separator: ".", maxSplits: 1).first,
            let bytes = try? Base64URL.decode(first),
            let header = try? JSONParser(limits: JWS.headerLimits).parseObject(bytes),
            let algorithm = header["alg"]?.stringValue
        else { return .other }
        if ["ES256", "ES384", "ES512"].contains(where: { $0.utf8.elementsEqual(algorithm.utf8) }) { return .ecdsa }
        return algorithm.utf8.elementsEqual("EdDSA".utf8) ? .ed25519 : .other
    }

    /// The signature's length at the end of a decoded JWS signature segment (all of it) or `v4.public` body (64).
    private static func signatureLength(_ backend: Backend, _ bytes: [UInt8]) -> Int {
        backend.family.utf8.elementsEqual("JWS".utf8) ? bytes.count : min(64, bytes.count)
    }
}
