import Foundation
import TesseraCore
import TesseraSessions
import Testing

@Suite("Refresh cookie")
struct RefreshCookieTests {
    @Test("Set-Cookie carries every flag, the refresh path and Max-Age up to the token's expiry")
    func setCookie() throws {
        let token = try RefreshToken(presented: "trt_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM")
        let grant = SessionGrant(
            accessToken: "v4.public.x",
            refreshToken: token,
            session: SessionFamily(id: "s", subject: "u", createdAt: Fixture.now, expiresAt: Fixture.now + 86_400),
            refreshTokenExpiry: Fixture.now + 3600.9
        )
        #expect(
            RefreshCookie().setCookie(for: grant, now: Fixture.now)
                == "tessera_refresh=trt_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM; Path=/auth/refresh; HttpOnly; Secure; "
                + "SameSite=Strict; Max-Age=3600"
        )
        #expect(
            RefreshCookie().clearingCookie
                == "tessera_refresh=; Path=/auth/refresh; HttpOnly; Secure; SameSite=Strict; Max-Age=0"
        )
    }

    @Test("The value is read from a Cookie header only when sent exactly once, by exact name")
    func reading() {
        let cookie = RefreshCookie()
        #expect(cookie.value(inCookieHeader: "a=1; tessera_refresh=trt_x; b=2") == "trt_x")
        #expect(cookie.value(inCookieHeader: "tessera_refresh=trt_x;tessera_refresh=trt_y") == nil)
        #expect(cookie.value(inCookieHeader: "Tessera_refresh=trt_x") == nil)
        #expect(cookie.value(inCookieHeader: "a=1") == nil)
        // `;` followed by a combining mark is one Character but still a separator byte.
        #expect(cookie.value(inCookieHeader: "a=1;\u{301}tessera_refresh=trt_x") == nil)
        #expect(cookie.value(inCookieHeader: "a=\u{301};tessera_refresh=trt_x") == "trt_x")
    }

    @Test("Names and paths that would inject attributes are configuration errors")
    func unusable() throws {
        for (name, path) in [
            ("", "/"), ("a b", "/"), ("a;b", "/"), ("a", "x"), ("a", "/x; Domain=evil"), ("a", "/\u{7F}"),
        ] {
            #expect(throws: TesseraError(.invalidConfiguration, "")) { try RefreshCookie(name: name, path: path) }
        }
        #expect(
            try RefreshCookie(name: "sid", path: "/api/refresh").clearingCookie.hasPrefix("sid=; Path=/api/refresh;")
        )
    }
}
