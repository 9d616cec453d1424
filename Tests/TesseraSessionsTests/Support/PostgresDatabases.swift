#if PostgreSQL
import Foundation
import Logging
import PostgresNIO

/// A database of its own for each PostgreSQL store test, created on the cluster `TESSERA_POSTGRES_URL` names and
/// dropped after: no test sees another's revocations, epochs or clean-ups, so each can assert exact contents. The
/// creating connection is made without TLS (the tests' cluster listens on 127.0.0.1) and needs PostgreSQL 13 or later
/// (`DROP DATABASE … WITH (FORCE)`).
struct PostgresTestDatabase: Sendable {
    /// The URL of the new database: the configured one with another database name.
    let url: String
    private let name: String
    private let admin: PostgresConnection.Configuration

    /// Creates a database with a random name on the cluster of `clusterURL`.
    static func create(on clusterURL: String) async throws -> PostgresTestDatabase {
        guard var components = URLComponents(string: clusterURL), let host = components.host else {
            throw TestDatabaseError(reason: "TESSERA_POSTGRES_URL is not a URL with a host")
        }
        var admin = PostgresConnection.Configuration(
            host: host,
            port: components.port ?? 5432,
            username: components.user ?? "postgres",
            password: components.password,
            database: components.path.split(separator: "/").first.map(String.init),
            tls: .disable
        )
        admin.options.connectTimeout = .seconds(120)
        let name = "tessera_" + UUID().uuidString.lowercased().filter(\.isHexDigit)
        components.path = "/" + name
        guard let url = components.string else { throw TestDatabaseError(reason: "cannot rename the database") }
        let database = PostgresTestDatabase(url: url, name: name, admin: admin)
        try await database.run("CREATE DATABASE \(name)")
        return database
    }

    /// Drops the database, closing whatever connections are still open to it; a failure is printed, not thrown (the
    /// cluster is a throwaway one).
    func drop() async {
        do {
            try await run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        } catch {
            print("note: test database \(name) was not dropped: \(String(reflecting: error))")
        }
    }

    /// Runs one statement on a connection of its own to the cluster's configured database.
    private func run(_ statement: String) async throws {
        let logger = Logger(label: "tessera.tests.postgres")
        let connection = try await PostgresConnection.connect(configuration: admin, id: 1, logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }
}

/// Why a test database could not be made.
struct TestDatabaseError: Error, CustomStringConvertible {
    /// What was wrong.
    let reason: String
    var description: String { reason }
}
#endif
