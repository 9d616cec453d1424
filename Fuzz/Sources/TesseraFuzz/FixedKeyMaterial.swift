/// Fixed key material for the harnesses, generated once for fuzzing (never use these keys for anything else).
///
/// Fixed keys make every input reproducible: a seed token signed with them verifies in every run, and a crashing
/// input replays byte for byte.
enum FixedKeyMaterial {
    /// A 2048-bit RSA private key (PKCS#8 PEM), made with `openssl genpkey` for the `jws`, `jwk` and `pem` targets.
    static let rsaPrivatePEM = """
        -----BEGIN PRIVATE KEY-----
        MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDQ6NKoACHouQmG
        p64TpHUHfHzxIIHxfsFp9X8TzIFcQe2YnHEk7f6jlRZcptfvdT6kLUCHw65UOGfu
        oMlZbZiXbDMW8cVw/JyfzdaMJGOQg2CryZJ3pvkAD+XkFZ7eg+TvENnMS9JQqPoz
        2oah2TRdrnYGVCZmats/YS2FIoqC6N64C+90JnWXw2UOQvDcXEmNcmHBwNxd/pjB
        AvcQaGUBOLC+yMjRAEpai4Iua2u22NtV6ZcyIGXhhFmU5lp7r+TFQ9hxxYGmKjFr
        Qxb94/KkdXyI/jgyxLVyjHtV9u60pCMIyk94WbxvChKoJUxeki2hVpQlrVOWrfZ6
        gbPYDOZNAgMBAAECggEAG5roWzLJSEtLKvP1WLsei8Kzb9lv0k2BmVLLW/5mCZ7c
        mpHxkYOxZkRJFC0n04iWonMoV8hPvOlHMo0kjiChTUEK7zk7cdavi55Tf2k/jtUN
        bSXRqOXzeUKgiichOx4KnlyHqytJu0bY6QkzSSe+d7KZ/fQYrufn2NQqg7EwxGNr
        yj2d75R+lbW3mxoUjf78eUerejiDfudC7lv+P8sUMUfEZl+LO5vPNL/FX5g+/FHR
        mXunH3ASj5RavNClFFFw+AiiClyz1bYgJruPojV4+teT0sk7V2wvdeSijwpeNurn
        AdgXM/dZu9b8StKIdLZqPXRBBqwMcW4N+bsV7gDygQKBgQD9kFUZlnsjjXUVWqaM
        U6gTAdMjzphXI3IU2i7Ze/pywnDQC22k/aOI+PuUyejHnAwNblIQgjTn51aQm2k0
        VcC6F2NtiGfzN6kH2U/zc30galrzl8cNeZxZOZ37vj8892/GYe6MM6ZGhBYTlsDb
        R88yPLjl+zRZbc//45dv3RdkyQKBgQDS6qiFx14K6POyaWvsKJWiBaV8kE5O2nPd
        uEWc0UlKcfth/0VV3kTnrQhbJH30BX3/HXl5WjdYn0fZQf2+TP+u1VKy887jYNkz
        H2EJWzBz27pSt1zS915QGZgMUEUyO7GGuZFbF8+NePGgp7daSjtElyanGlwIirMt
        G1FiktGLZQKBgDzKPZzE1wDPCSL1eLhr1f+4kEYlYaCCfvdA17qMXp7kvuch1keY
        B3zvNGGXhpdUcg9GQ6ZxkP2IGNjSaYaCiJIUyWGZMlK9JWkcUG6tYXJEDUoZOT+h
        yDob9iREmCSlrcaB9A7o0xRU1nYbzmDD9oi0xh9c+k/2Y8eVaNkIyHMBAoGAWZ3G
        +QCa3rvYP+g3KOKdoXgQtnqCK1L6hCy1t0ndgDop+5uBFFkaoe2NbVx1/+cNgAZA
        BOXmOkuDNbaqX99LjDerqcmaEFaoMuaUTmtmjPPBmT+7uw/MDPCzABhjLlLavUm/
        jxrw30WSNRbN+xkrUZt/muTCUgbM1s+SpvWG/1kCgYEAj4RoJdn4CV3WFh3MURDW
        9oecjjRJiA9FS4U9H/AUwxz0uBgyFXPtHvJ/h5bmQe5ysqIt0L6w78XM41/vGC3Z
        ORdafRrxNtyCsD+1JEiD8JS5V6BDEhRP4ZZNaPyfjp2c+1KRMg7+LydXgceF0UYi
        VsMc4jcCYulmKDTWLiGO7T4=
        -----END PRIVATE KEY-----
        """

    /// A P-256 private key (PKCS#8 PEM), made with `openssl genpkey` for the `jws`, `jwk` and `pem` targets.
    static let ecPrivatePEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgOUJqD39zgHlxxj2b
        67dBIy7wMdQE6SXudJu1htl9FQmhRANCAAR4fjBi4lwiSlOIiDtSe5967y6UcMgV
        X29jtVNxAj2FcF6MQX0XHbaRK+7GsjLgrXokuH3VCJ8ogW4mfJKqm3Uh
        -----END PRIVATE KEY-----
        """
}
