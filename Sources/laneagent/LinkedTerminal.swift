import DeviceKit
import Foundation

/// A simulator's pseudo-terminal, linked at the path a technician gave, as udev would link a
/// real adapter.
struct LinkedTerminal: Sendable {
    let terminal: PseudoTerminal
    let link: String

    init(link: String) throws {
        terminal = try PseudoTerminal()
        try terminal.link(at: link)
        self.link = link
    }

    /// Removes the link only while it is still ours (a newer simulator may have taken it).
    func unlink() {
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == terminal.slavePath { Foundation.unlink(link) }
    }
}
