extension TesseraError {
    /// `text` made safe for a one-line log: control characters (C0, DEL, C1), line and paragraph separators, format
    /// characters (bidirectional overrides, zero-width joiners) and unassigned code points are written as escapes
    /// (`\n`, `\u{1B}`), and a backslash as `\\`, so an escape in the output always stands for one character of
    /// the input; everything else stays as it is.
    ///
    /// Every ``reason`` goes through this, so text from a token can neither break the CLI's one-line `rejected:`
    /// contract nor inject lines or terminal sequences into logs.
    ///
    /// - Parameter text: Text that may come from untrusted input.
    /// - Returns: The escaped text.
    public static func escaped(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\\": output += "\\\\"
            default:
                if isPrintable(scalar) {
                    output.unicodeScalars.append(scalar)
                } else {
                    output += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                }
            }
        }
        return output
    }

    /// `text` quoted for a reason: at most `limit` Unicode scalars (an ellipsis marks the cut), escaped when the
    /// reason is made. Scalars, not characters: one character can hold any number of combining marks.
    ///
    /// - Parameters:
    ///   - text: Untrusted text.
    ///   - limit: The most scalars shown.
    /// - Returns: `"text"`.
    package static func quoted(_ text: some StringProtocol, limit: Int = 64) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return "\"" + String(text) + "\"" }
        var shown = String.UnicodeScalarView()
        shown.append(contentsOf: scalars.prefix(limit))
        return "\"" + String(shown) + "…\""
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .surrogate, .privateUse:
            return false
        default:
            return true
        }
    }
}
