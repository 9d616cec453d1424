public import Foundation
import Testing

/// Finds the conformance vectors in `$TESSERA_VECTORS` or a `shared/vectors` folder beside an ancestor of this file.
public enum Vectors {
    public static let directory: URL? = {
        if let path = ProcessInfo.processInfo.environment["TESSERA_VECTORS"], !path.isEmpty {
            let folder = URL(fileURLWithPath: path)
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent("paseto").path) ? folder : nil
        }
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.pathComponents.count > 1 {
            let candidate = folder.appendingPathComponent("shared/vectors")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("paseto").path) {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }()

    /// Whether missing vectors must fail the run (under CI) instead of skipping.
    public static let required = ProcessInfo.processInfo.environment["CI"] == "true"

    public static var available: Bool {
        if directory == nil {
            print("note: conformance vectors not found; set TESSERA_VECTORS or put shared/vectors beside the project")
        }
        return directory != nil
    }

    /// The contents of `<folder>/<name>`; records an issue when the vectors are missing.
    public static func data(_ folder: String, _ name: String) throws -> Data {
        guard let directory else {
            Issue.record("conformance vectors are missing (CI=true): set TESSERA_VECTORS or provide ../shared/vectors")
            throw VectorsMissing()
        }
        return try Data(contentsOf: directory.appendingPathComponent(folder).appendingPathComponent(name))
    }

    /// Decodes `paseto/<name>` as `T`; records an issue when the vectors are missing.
    public static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: data("paseto", name))
    }

    /// Thrown after recording an issue when vectors are required but missing.
    public struct VectorsMissing: Error {}
}

/// The condition every vector suite uses: run when present, and also under CI so that absence fails.
public let vectorsEnabled = Vectors.available || Vectors.required

extension Array where Element == UInt8 {
    /// Bytes from lowercase or uppercase hex.
    public init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        self = bytes
    }
}
