public import TesseraCore

extension PASETO {
    /// A key that has a PASERK id (`k4.lid.…`, `k4.pid.…`), so a key ring can find it by a footer's `kid`.
    public protocol IdentifiedKey: Sendable {
        /// The key's PASERK id.
        var id: String { get }
        /// The PASERK id type that names keys of this kind, e.g. `k4.lid.`.
        static var idPrefix: String { get }
    }

    /// Verification keys of one type, found by PASERK id; the type parameter keeps every key at one version and
    /// purpose.
    ///
    /// A verifier with a ring reads `kid` from the token's footer (after checking the footer's size and shape),
    /// takes that one key, and refuses unknown ids: it never tries every key. Rings are values; to rotate, build a
    /// new ring (``adding(_:)``, ``removing(id:)``) and swap it in.
    public struct KeyRing<Key: IdentifiedKey>: Sendable {
        /// Keyed by the id's bytes: a `kid` spelled with other code points never finds a key.
        private let keys: [ExactString: Key]

        /// The ids of the keys, sorted.
        public var ids: [String] { keys.keys.map(\.string).sorted() }

        /// Creates a ring.
        ///
        /// - Parameter keys: The keys; ids must be unique.
        /// - Throws: `TesseraError.Code.invalidKey` when two keys have the same id.
        public init(_ keys: [Key]) throws(TesseraError) {
            var byID: [ExactString: Key] = [:]
            for key in keys {
                guard byID.updateValue(key, forKey: ExactString(key.id)) == nil else {
                    throw TesseraError(.invalidKey, "the key ring holds \(key.id) twice")
                }
            }
            self.keys = byID
        }

        private init(byID: [ExactString: Key]) { self.keys = byID }

        /// The key with this id, if any.
        ///
        /// - Parameter id: A PASERK id.
        /// - Returns: The key, or `nil`.
        public func key(withID id: String) -> Key? { keys[ExactString(id)] }

        /// A ring with one more key.
        ///
        /// - Parameter key: The key to add; replaces a key with the same id.
        /// - Returns: The new ring.
        public func adding(_ key: Key) -> KeyRing {
            var byID = keys
            byID[ExactString(key.id)] = key
            return KeyRing(byID: byID)
        }

        /// A ring without the key with this id, e.g. to retire an old key.
        ///
        /// - Parameter id: The id to remove.
        /// - Returns: The new ring.
        public func removing(id: String) -> KeyRing {
            var byID = keys
            byID[ExactString(id)] = nil
            return KeyRing(byID: byID)
        }

        /// Finds the key named by the `kid` of a token's footer.
        func key(forFooter footer: [UInt8], limits: JSONLimits) throws(TesseraError) -> Key {
            guard !footer.isEmpty else {
                throw TesseraError(.missingKeyID, "the token has no footer, so no kid to choose a key from the ring")
            }
            guard footer.first == UInt8(ascii: "{") else {
                throw TesseraError(.missingKeyID, "the token's footer is not a JSON object, so it carries no kid")
            }
            let object: JSONObject
            do {
                object = try JSONParser(limits: limits).parseObject(footer)
            } catch {
                switch error.code {
                case .jsonTooDeep, .jsonTooLarge: throw TesseraError(.footerTooLarge, "footer: \(error.reason)")
                default: throw error
                }
            }
            guard let kid = object["kid"] else {
                throw TesseraError(.missingKeyID, "the token's footer has no kid")
            }
            guard case .string(let id) = kid else {
                throw TesseraError(.missingKeyID, "the footer's kid is not a string")
            }
            for plaintext in ["k4.local.", "k4.secret.", "k4.public."] where id.utf8.starts(with: plaintext.utf8) {
                throw TesseraError(
                    .invalidPASERK,
                    "the footer's kid is a key (\(plaintext)…), not a key id; refusing it"
                )
            }
            guard id.utf8.starts(with: Key.idPrefix.utf8) else {
                throw TesseraError(
                    .unknownKeyID,
                    "the footer's kid is not a \(Key.idPrefix)… id, which names this ring's keys"
                )
            }
            guard let key = keys[ExactString(id)] else {
                throw TesseraError(.unknownKeyID, "no key in the ring has id \(TesseraError.quoted(id))")
            }
            return key
        }
    }
}

extension PASETO.V4.Local.SymmetricKey: PASETO.IdentifiedKey {
    /// `k4.lid.`
    public static let idPrefix = "k4.lid."
}

extension PASETO.V4.Public.PublicKey: PASETO.IdentifiedKey {
    /// `k4.pid.`
    public static let idPrefix = "k4.pid."
}
