/// PASETO's pre-authentication encoding (PAE): `LE64(n) ‖ Σ LE64(len(pᵢ)) ‖ pᵢ`.
///
/// Every piece is always present, even when empty, so two different piece lists never encode the same bytes.
enum PAE {
    /// The 8-byte little-endian length with the top bit cleared, as the spec defines `LE64`.
    static func le64(_ value: Int) -> [UInt8] {
        let masked = UInt64(value) & 0x7FFF_FFFF_FFFF_FFFF
        return (0..<8).map { UInt8(truncatingIfNeeded: masked >> (8 * UInt64($0))) }
    }

    /// The encoding of `pieces` as one contiguous buffer.
    static func encode(_ pieces: [ArraySlice<UInt8>]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(8 + pieces.reduce(0) { $0 + 8 + $1.count })
        output.append(contentsOf: le64(pieces.count))
        for piece in pieces {
            output.append(contentsOf: le64(piece.count))
            output.append(contentsOf: piece)
        }
        return output
    }
}
