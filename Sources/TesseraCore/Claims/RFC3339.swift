#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// RFC 3339 §5.6 date-times, the PASETO claim date format.
///
/// Parsing is tolerant where the PASETO spec asks for tolerance (any number of fractional seconds, `Z` or a numeric
/// offset) and strict elsewhere (upper-case `T` and `Z`, an offset is required, fields in range). Formatting emits the
/// recommended form: whole seconds in UTC with `Z`, e.g. `2039-01-01T00:00:00Z`.
public enum RFC3339: Sendable {
    /// Parses an RFC 3339 date-time.
    ///
    /// - Parameter text: The date-time string.
    /// - Returns: The instant it names.
    /// - Throws: ``TesseraError/Code/invalidClaim`` when the text is not an RFC 3339 date-time with an offset.
    public static func date(from text: String) throws(TesseraError) -> Date {
        var text = text
        guard let date = text.withUTF8({ parse($0) }) else {
            throw TesseraError(
                .invalidClaim,
                "\"\(text.prefix(40))\" is not an RFC 3339 date-time with an offset (e.g. 2039-01-01T00:00:00Z)"
            )
        }
        return date
    }

    /// Parses an RFC 3339 date-time from ASCII bytes, as ``date(from:)`` parses a string.
    ///
    /// - Parameter text: The date-time's characters.
    /// - Returns: The instant it names.
    /// - Throws: ``TesseraError/Code/invalidClaim`` as ``date(from:)`` does.
    static func date(fromASCII text: UnsafeBufferPointer<UInt8>) throws(TesseraError) -> Date {
        guard let date = parse(text) else { return try date(from: String(decoding: text, as: UTF8.self)) }
        return date
    }

    /// An instant for an error reason: RFC 3339 where it can be, else seconds since 1970.
    ///
    /// - Parameter date: The instant.
    /// - Returns: The text.
    package static func describe(_ date: Date) -> String {
        (try? string(from: date)) ?? "\(date.timeIntervalSince1970) s after the epoch"
    }

    /// Formats an instant as `YYYY-MM-DDTHH:MM:SSZ`, dropping fractions of a second (rounding toward the past).
    ///
    /// - Parameter date: The instant.
    /// - Returns: The RFC 3339 string.
    /// - Throws: ``TesseraError/Code/invalidClaim`` for instants outside the years 0000–9999.
    public static func string(from date: Date) throws(TesseraError) -> String {
        let seconds = try checkedSeconds(date)
        return String(unsafeUninitializedCapacity: formattedLength) { buffer in
            format(seconds, into: buffer)
            return formattedLength
        }
    }

    /// Appends the form ``string(from:)`` returns to `output`, without building a `String`.
    ///
    /// - Parameters:
    ///   - date: The instant.
    ///   - output: The buffer to append to.
    /// - Throws: ``TesseraError/Code/invalidClaim`` for instants outside the years 0000–9999.
    package static func append(_ date: Date, to output: inout [UInt8]) throws(TesseraError) {
        let seconds = try checkedSeconds(date)
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: formattedLength))
        output.withUnsafeMutableBufferPointer { buffer in
            format(seconds, into: UnsafeMutableBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// The length of `YYYY-MM-DDTHH:MM:SSZ`.
    private static let formattedLength = 20

    /// The whole seconds since 1970 of `date`, rounded toward the past, if its year is 0000–9999.
    private static func checkedSeconds(_ date: Date) throws(TesseraError) -> Int64 {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds >= minimumSeconds, seconds <= maximumSeconds else {
            throw TesseraError(.invalidClaim, "date \(date) is outside the years 0000-9999 that RFC 3339 can express")
        }
        return Int64(seconds)
    }

    /// Writes `YYYY-MM-DDTHH:MM:SSZ` for `total` seconds since 1970 (years 0000–9999) to the first
    /// ``formattedLength`` bytes of `buffer`.
    private static func format(_ total: Int64, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondOfDay = total - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        func put(_ value: Int64, width: Int, at offset: Int) {
            var remaining = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                buffer[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
        }
        put(year, width: 4, at: 0)
        buffer[4] = UInt8(ascii: "-")
        put(month, width: 2, at: 5)
        buffer[7] = UInt8(ascii: "-")
        put(day, width: 2, at: 8)
        buffer[10] = UInt8(ascii: "T")
        put(secondOfDay / 3600, width: 2, at: 11)
        buffer[13] = UInt8(ascii: ":")
        put(secondOfDay / 60 % 60, width: 2, at: 14)
        buffer[16] = UInt8(ascii: ":")
        put(secondOfDay % 60, width: 2, at: 17)
        buffer[19] = UInt8(ascii: "Z")
    }

    static let minimumSeconds: Double = -62_167_219_200
    static let maximumSeconds: Double = 253_402_300_799
    /// Every instant from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z, in seconds since the Unix epoch.
    static let representableSeconds = minimumSeconds...maximumSeconds

    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b.count >= 20 else { return nil }
        func digits(_ start: Int, _ count: Int) -> Int64? {
            var value: Int64 = 0
            for index in start..<start + count {
                let digit = b[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
            let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
            (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if b[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < b.count, let digit = digits(index, 1) {
                fraction += Double(digit) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < b.count else { return nil }
        var offset: Int64 = 0
        if b[index] == UInt8(ascii: "Z") {
            index += 1
        } else if b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-") {
            guard b.count - index == 6, b[index + 3] == UInt8(ascii: ":"),
                let offsetHours = digits(index + 1, 2), let offsetMinutes = digits(index + 4, 2),
                offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offset = (offsetHours * 60 + offsetMinutes) * 60 * (b[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == b.count else { return nil }
        let days = days(fromCivil: year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        // An offset, or a fraction that rounds up to the next second, can carry year 0000 or 9999 past the range
        // every other path keeps to (and encoding refuses).
        let instant = Double(seconds) + fraction
        guard representableSeconds.contains(instant.rounded(.down)) else { return nil }
        return Date(timeIntervalSince1970: instant)
    }

    private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
