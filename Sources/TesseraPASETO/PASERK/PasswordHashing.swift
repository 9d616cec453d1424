extension PASETO {
    /// Argon2id costs for password-wrapped PASERKs (`k4.local-pw`, `k4.secret-pw`).
    ///
    /// Used both as the cost when wrapping and as the ceiling when unwrapping: the costs inside a PASERK are chosen
    /// by whoever made it, so a hostile one could ask for terabytes of memory.
    public struct PasswordHashing: Sendable, Hashable {
        /// Memory in bytes.
        public var memoryBytes: UInt64
        /// Passes over memory (Argon2's time cost).
        public var operations: UInt32

        /// Creates costs.
        ///
        /// - Parameters:
        ///   - memoryBytes: Memory in bytes (at least 8 KiB).
        ///   - operations: Passes over memory (at least 1).
        public init(memoryBytes: UInt64, operations: UInt32) {
            self.memoryBytes = memoryBytes
            self.operations = operations
        }

        /// libsodium's interactive costs: 64 MiB, 2 passes.
        public static let interactive = PasswordHashing(memoryBytes: 64 << 20, operations: 2)
        /// libsodium's moderate costs: 256 MiB, 3 passes.
        public static let moderate = PasswordHashing(memoryBytes: 256 << 20, operations: 3)
        /// The default ceiling when unwrapping: 1 GiB, 8 passes.
        public static let unwrapCeiling = PasswordHashing(memoryBytes: 1 << 30, operations: 8)
    }
}
