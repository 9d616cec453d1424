import Foundation

/// Progress goes to standard error, so that standard output holds only the table.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}

/// The process's standard error.
nonisolated(unsafe) var standardError = StandardError()
