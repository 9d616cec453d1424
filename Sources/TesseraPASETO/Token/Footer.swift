public import TesseraCore

extension PASETO {
    /// What an issuer writes in the footer: nothing, fixed bytes, or a JSON object (optionally with the key's id as
    /// `kid`, so a verifier's key ring can route the token).
    ///
    /// The footer is authenticated but never encrypted: anyone holding the token can read it.
    public struct Footer: Sendable, Hashable {
        enum Content: Sendable, Hashable {
            case none
            case bytes([UInt8])
            case json(JSONObject, includingKeyID: Bool)
        }

        let content: Content

        /// No footer.
        public static let none = Footer(content: .none)

        /// `{"kid":"<the key's PASERK id>"}`, the recommended footer for key rotation.
        public static let keyID = Footer(content: .json(JSONObject(), includingKeyID: true))

        /// Fixed footer bytes (empty bytes mean no footer).
        ///
        /// - Parameter bytes: The footer.
        /// - Returns: The footer.
        public static func bytes(_ bytes: some Sequence<UInt8>) -> Footer { Footer(content: .bytes(Array(bytes))) }

        /// A JSON object footer.
        ///
        /// - Parameters:
        ///   - object: The members; `kid` is replaced when `includingKeyID` is `true`.
        ///   - includingKeyID: Whether to add the signing key's PASERK id as `kid`.
        /// - Returns: The footer.
        public static func json(_ object: JSONObject, includingKeyID: Bool = false) -> Footer {
            Footer(content: .json(object, includingKeyID: includingKeyID))
        }

        /// The footer bytes for a key with the given id.
        func encoded(keyID: String) -> [UInt8] {
            switch content {
            case .none: return []
            case .bytes(let bytes): return bytes
            case .json(var object, let includingKeyID):
                if includingKeyID { object["kid"] = .string(keyID) }
                return JSONWriter.bytes(for: .object(object))
            }
        }
    }
}
