import Foundation
import SwiftASN1

/// X.509 `Time` (UTCTime or GeneralizedTime) as a `Date`.
enum DERTime {
    static func parse(_ node: DERNode) throws -> Date {
        let fields: (year: Int, month: Int, day: Int, hours: Int, minutes: Int, seconds: Int)
        do {
            if node.identifier == .utcTime {
                let time = try UTCTime(derEncoded: node.node)
                fields = (time.year, time.month, time.day, time.hours, time.minutes, time.seconds)
            } else if node.identifier == .generalizedTime {
                let time = try GeneralizedTime(derEncoded: node.node)
                fields = (time.year, time.month, time.day, time.hours, time.minutes, time.seconds)
            } else {
                throw DocumentSecurityError.malformed(node.context, "expected a UTCTime or GeneralizedTime, found \(node.identifier)")
            }
        } catch let error as DocumentSecurityError {
            throw error
        } catch {
            throw DocumentSecurityError.malformed(node.context, "a time is not valid (\(error))")
        }
        var components = DateComponents()
        components.calendar = calendar
        components.timeZone = calendar.timeZone
        (components.year, components.month, components.day) = (fields.year, fields.month, fields.day)
        (components.hour, components.minute, components.second) = (fields.hours, fields.minutes, fields.seconds)
        guard let date = calendar.date(from: components) else { throw DocumentSecurityError.malformed(node.context, "a time is out of range") }
        return date
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// "2026-12-06" for reports: the day is what a technician compares with a certificate.
    static func day(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
