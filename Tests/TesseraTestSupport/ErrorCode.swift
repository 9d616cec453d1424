public import TesseraCore
import Testing

/// The error code `body` throws, or `nil` when it succeeds.
public func errorCode<T>(_ body: () throws -> T) -> TesseraError.Code? {
    do {
        _ = try body()
        return nil
    } catch let error as TesseraError {
        return error.code
    } catch {
        Issue.record("threw \(error), not a TesseraError")
        return nil
    }
}
