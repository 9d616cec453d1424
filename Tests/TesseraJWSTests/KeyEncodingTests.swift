import TesseraCore
import TesseraJWS
import TesseraTestSupport
import Testing

/// Keys in the legacy encodings OpenSSL writes: PKCS#1 (`BEGIN RSA PRIVATE KEY`, `BEGIN RSA PUBLIC KEY`), SEC1
/// (`BEGIN EC PRIVATE KEY`) and DER `SubjectPublicKeyInfo`, generated with the `openssl` command for these tests.
@Suite("PEM and DER key encodings")
struct KeyEncodingTests {
    static let pkcs1Private = """
        -----BEGIN RSA PRIVATE KEY-----
        MIIEpAIBAAKCAQEApF7LJbiFaRTCtsU0/j+cwaRSpJniCYWaUEGCyG1OdsZwL57W
        2JrlsiDh43QHgb52C9o6uiI7aseyp5vTo1D3ETfNEwZdhxf4RrpEPYOT4otXGLsM
        YoLFvR0w8x8B0Zn4b4BIzx5lVNXbmQH60n3zaaCDeTlUBAx42YOdnbB8ZJKGMqCk
        4ViHvuYuGShVm9qlH7431B8+mq0Zo5TlNarX+u9iWx5xoiSIBUut17lKR/znywuB
        w4awxkA+UWC4t7mZ7xMCmFALY4uGDgeugccyEiZMjGm4HSDFvKqWPOfhrY9+KzoD
        fLIiD8m+aijUJ/3Sc1CVJf2LDViE7dUbh5iTZwIDAQABAoIBACLUoYi3PrIDP7Wa
        OX4M/cs85nRR1Ye+A3KxRyTwoLljmH9G0fEpdbYW6LcZrcONGBev4VTzDxM0CQQi
        bakEba583ByFc0k+x5I5Q1+jo7FUZJrtfBTd8EgASRCjx+9iCLacARG+t6tP/A5C
        0KNNJEkERgfooYiQGgXBsaMqNFndKZlUnrpChzRpkJyrqzTF4ORuEjjVKmU0onQx
        KjbcA9RqKrxi3fMThzzkXbtCMf4tq3XA6U2aSt+OpYCYuoqUEEheTCDAPbKpCEWS
        m612w6Ug8Gm/THe/mWqz/e0J/LWWeOQvKjKY47A34sArmR6FfMGeW0GFM4w8b2CI
        WpGw5SkCgYEA3Vwh/4hJClQ8+ho+syV7ejsGn1+s0+4PW8TwjLdsw9X+QLDbOFgH
        uHAb/N7bfZ7hFliw+RBZEX18tT3V7Prdi0yl/eA/b085iINzYp7qgvyJRSvQBUFj
        GlwyjjIpgCeqOchXXQV8ryHgKqtvJhfXJDQp8+5LyKeNG2pMF5LqZE8CgYEAvheb
        tK2HZLwdeWBbpBhIqn77QQ/Rk8QEc72+nZnl88Q88BrO+6XUnj7825II2NkBicSi
        rtk29Zp9aXnrYvtUeDcvfIBQa1xM2T4/ODmj86atTh0g7OV9vOInE6n3tKPNF261
        qiXI7s/fg0hWNKDA3+fPLDYEhqxSoaxQ2tj04WkCgYEAtToT35gdbGZxEbXg9VxP
        jk+66Uo0PcIeMty2sA4P7vlI0n+4ypVPpNGsKEfwXRVxZJEyOocG1MnvCpdYiE8O
        iFg1YfdxF9k92iT8l5ZRmvHUFJx9D4Br+Y3YGhC5Z2GR/QKne9HdNai/VU/LjN1h
        1xMZ8cp7owiB/xr0tywh2AMCgYEAoZAFKcIXAhoUXvXzzXtKP4afW8PrF1ERi6Go
        YeDMnaubM2NFqoJePIVCeggbdtqxwPscXcmGOaatkrkpw73jJC2bMZEJSMZxFm8e
        YlYzL8HpKCv/sPi4LpJ0LfVW7/QMOy9APbXRmo+Y48bWZfJ/G460+VmL7T6HGJwR
        OIAPWYkCgYBigZdN9kOJfnbzbFsujTNm3CUyLnl3TclUYisUPLRgfzWXLsz7upv+
        MWrIk3vW6WGcYy5ORSmdmN0JpsJonGkPALNoEza9Jnt+1Msk5CWnS9adxs9Gv9zc
        OzdUohczYLToHAH9Y3mWVjLf1SUWgHAR6N5pgqqD1Ly62Z6Ji5x+Fw==
        -----END RSA PRIVATE KEY-----
        """

    static let pkcs1Public = """
        -----BEGIN RSA PUBLIC KEY-----
        MIIBCgKCAQEApF7LJbiFaRTCtsU0/j+cwaRSpJniCYWaUEGCyG1OdsZwL57W2Jrl
        siDh43QHgb52C9o6uiI7aseyp5vTo1D3ETfNEwZdhxf4RrpEPYOT4otXGLsMYoLF
        vR0w8x8B0Zn4b4BIzx5lVNXbmQH60n3zaaCDeTlUBAx42YOdnbB8ZJKGMqCk4ViH
        vuYuGShVm9qlH7431B8+mq0Zo5TlNarX+u9iWx5xoiSIBUut17lKR/znywuBw4aw
        xkA+UWC4t7mZ7xMCmFALY4uGDgeugccyEiZMjGm4HSDFvKqWPOfhrY9+KzoDfLIi
        D8m+aijUJ/3Sc1CVJf2LDViE7dUbh5iTZwIDAQAB
        -----END RSA PUBLIC KEY-----
        """

    static let sec1Private = """
        -----BEGIN EC PRIVATE KEY-----
        MHcCAQEEIPwRgMM970h67KJ7DrkjmN3CtUwy+YIX4vK/YAfcKpmBoAoGCCqGSM49
        AwEHoUQDQgAEBny3YPTPwP7LaJVe/KuT7q8x2vCc1ItwRMehx2UKdwaPw6YXKtLx
        41u3GqZrwmB7F1aSgnekEeh2l1StNT06iw==
        -----END EC PRIVATE KEY-----
        """

    static let sec1PublicDER = [UInt8](
        hex:
            "3059301306072a8648ce3d020106082a8648ce3d03010703420004067cb760f4cfc0fecb68955efcab93eeaf31daf09cd48b7044c7a1c7650a77068fc3a6172ad2f1e35bb71aa66bc2607b1756928277a411e8769754ad353d3a8b"
    )

    @Test("PKCS#1 private and public RSA keys are read and belong together")
    func pkcs1() throws {
        let privateKey = try JWS.RSAPrivateKey(algorithm: .ps256, pemRepresentation: Self.pkcs1Private)
        let publicKey = try JWS.RSAPublicKey(algorithm: .ps256, pemRepresentation: Self.pkcs1Public)
        #expect(try publicKey.isValidSignature(privateKey.signature(for: [1, 2]), for: [1, 2]))
        #expect(try publicKey.thumbprint() == privateKey.verificationKey.thumbprint())
    }

    @Test("a SEC1 EC private key and its DER public key are read and belong together")
    func sec1() throws {
        let privateKey = try JWS.ECDSAPrivateKey(algorithm: .es256, pemRepresentation: Self.sec1Private)
        let publicKey = try JWS.ECDSAPublicKey(algorithm: .es256, derRepresentation: Self.sec1PublicDER)
        #expect(try publicKey.isValidSignature(privateKey.signature(for: [3]), for: [3]))
        #expect(
            errorCode { try JWS.ECDSAPublicKey(algorithm: .es384, derRepresentation: Self.sec1PublicDER) }
                == .invalidKey
        )
    }

    @Test("garbage and truncated keys are invalidKey, not crashes")
    func garbage() {
        #expect(
            errorCode {
                try JWS.RSAPublicKey(
                    algorithm: .rs256,
                    pemRepresentation: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"
                )
            } == .invalidKey
        )
        #expect(
            errorCode {
                try JWS.ECDSAPublicKey(algorithm: .es256, derRepresentation: Array(Self.sec1PublicDER.prefix(40)))
            } == .invalidKey
        )
        #expect(errorCode { try JWS.EdDSAPublicKey(pemRepresentation: Self.pkcs1Public) } == .invalidKey)
    }
}
