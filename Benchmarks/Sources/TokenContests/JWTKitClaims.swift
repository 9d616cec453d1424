import Foundation
import JWTKit
import TesseraCore

/// The seven claims as jwt-kit reads them, checked as Tessera's rules check them.
struct JWTKitClaims: JWTPayload {
    var iss: IssuerClaim
    var sub: SubjectClaim
    var aud: AudienceClaim
    var exp: ExpirationClaim
    var nbf: NotBeforeClaim
    var iat: IssuedAtClaim
    var jti: IDClaim

    init(_ claims: Claims) {
        iss = IssuerClaim(value: claims.issuer ?? "")
        sub = SubjectClaim(value: claims.subject ?? "")
        aud = AudienceClaim(value: [Fixture.audience])
        exp = ExpirationClaim(value: claims.expiration ?? Date())
        nbf = NotBeforeClaim(value: claims.notBefore ?? Date())
        iat = IssuedAtClaim(value: claims.issuedAt ?? Date())
        jti = IDClaim(value: claims.tokenID ?? "")
    }

    func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
        try nbf.verifyNotBefore()
        try aud.verifyIntendedAudience(includes: Fixture.audience)
        guard iss.value == Fixture.issuer else {
            throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "unexpected issuer")
        }
    }
}
