import Foundation
import Hummingbird
import TesseraCore
import TesseraSessions

/// The demo's only account; a real BFF checks a password hash or delegates to an identity provider.
private let demoAccount = (username: "demo", password: "demo")

extension BFF {
    /// `POST /auth/login` with `{"username": ..., "password": ...}`: starts a session, sets the refresh cookie and
    /// returns the access token. The body must be sent as `Content-Type: application/json` (415 otherwise): a
    /// cross-site form can only send `text/plain`, `application/x-www-form-urlencoded` or `multipart/form-data`
    /// without a CORS preflight, so this keeps other sites from logging the browser into an account of theirs (login
    /// CSRF).
    func login(_ request: Request) async throws -> Response {
        guard isJSONMediaType(request.headers[.contentType]) else {
            return errorResponse(
                .unsupportedMediaType,
                "unsupportedMediaType",
                "send the body as Content-Type: application/json"
            )
        }
        var request = request
        let body = try await request.collectBody(upTo: 4_096)
        let object: JSONObject
        do throws(TesseraError) {
            object = try JSONParser().parseObject(body.readableBytesView)
        } catch {
            return errorResponse(.badRequest, "invalidRequest", "the body must be a JSON object: \(error.reason)")
        }
        guard let username = object["username"]?.stringValue, let password = object["password"]?.stringValue else {
            return errorResponse(.badRequest, "invalidRequest", "the body needs string members username and password")
        }
        // Both comparisons always run, in time independent of where the strings differ.
        let knownUser = constantTimeEqual(username, demoAccount.username)
        let rightPassword = constantTimeEqual(password, demoAccount.password)
        guard knownUser && rightPassword else {
            return errorResponse(.unauthorized, "invalidCredentials", "unknown user or wrong password")
        }
        do throws(TesseraError) {
            return grantResponse(try await sessions.login(subject: username))
        } catch {
            return errorResponse(.serviceUnavailable, error.code.description, error.reason)
        }
    }

    /// `POST /auth/refresh`: spends the refresh cookie for a new one and a new access token. The custom header
    /// `X-Tessera-Refresh: 1` is required, since a cross-site form cannot send it (CSRF).
    func refresh(_ request: Request) async -> Response {
        guard let name = HTTPFields.Element.Name(RefreshCookie.requestHeader), request.headers[name] == "1" else {
            return errorResponse(.forbidden, "missingRefreshHeader", "send \(RefreshCookie.requestHeader): 1")
        }
        let cookies = request.headers[values: .cookie].joined(separator: "; ")
        guard let presented = cookie.value(inCookieHeader: cookies) else {
            return refreshFailure(TesseraError(.refreshTokenInvalid, "no single \(cookie.name) cookie was sent"))
        }
        do throws(TesseraError) {
            return grantResponse(try await sessions.refresh(presented))
        } catch {
            return refreshFailure(error)
        }
    }

    /// `POST /auth/logout` (bearer): ends the access token's session and clears the cookie.
    func logout(_ context: BFFContext) async -> Response {
        guard let sessionID = context.verified?.claims.custom[SessionManager.sessionClaim]?.stringValue else {
            return unauthorized(TesseraError(.missingClaim, "the access token names no session"))
        }
        do throws(TesseraError) {
            let ended = try await sessions.logout(sessionID: sessionID)
            return jsonResponse(.ok, ["logged_out": .bool(ended)], headers: [.setCookie: cookie.clearingCookie])
        } catch {
            return errorResponse(.serviceUnavailable, error.code.description, error.reason)
        }
    }

    /// `POST /auth/logout-all` (bearer): ends every session of the token's subject and revokes its access tokens.
    func logoutEverywhere(_ context: BFFContext) async -> Response {
        guard let subject = context.verified?.claims.subject else {
            return unauthorized(TesseraError(.missingClaim, "the access token names no subject"))
        }
        do throws(TesseraError) {
            try await sessions.logoutEverywhere(subject: subject)
            return jsonResponse(.ok, ["logged_out_everywhere": true], headers: [.setCookie: cookie.clearingCookie])
        } catch {
            return errorResponse(.serviceUnavailable, error.code.description, error.reason)
        }
    }

    /// A login or refresh result: the refresh token in the cookie, the access token in the body only.
    private func grantResponse(_ grant: SessionGrant) -> Response {
        jsonResponse(
            .ok,
            [
                "access_token": .string(grant.accessToken),
                "token_type": "Bearer",
                "expires_in": .number(JSONNumber(Int(sessions.policy.accessTokenLifetime))),
                "session": .string(grant.session.id),
            ],
            headers: [.setCookie: cookie.setCookie(for: grant, now: Date())]
        )
    }

    /// A failed refresh: 503 keeping the cookie when the store is down (the token may still be good), else 401
    /// clearing it (reused, revoked, expired or unknown: it will never work again).
    private func refreshFailure(_ error: TesseraError) -> Response {
        if error.code == .storeUnavailable {
            return errorResponse(.serviceUnavailable, error.code.description, error.reason)
        }
        return errorResponse(
            .unauthorized,
            error.code.description,
            error.reason,
            headers: [.setCookie: cookie.clearingCookie]
        )
    }
}

/// Whether a `Content-Type` value is `application/json`, parameters such as `charset` allowed (RFC 9110 §8.3.1: the
/// type and subtype are case-insensitive).
private func isJSONMediaType(_ contentType: String?) -> Bool {
    guard let contentType else { return false }
    let mediaType = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
    return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
}

/// Whether two strings have the same UTF-8 bytes, comparing every byte of the longer one whatever the contents.
private func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
    let left = Array(lhs.utf8)
    let right = Array(rhs.utf8)
    var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
    if left.count != right.count { difference |= 1 }
    for index in 0..<max(left.count, right.count) {
        difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
    }
    return difference == 0
}
