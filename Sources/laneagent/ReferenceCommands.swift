import Agent
import ArgumentParser
import ClearanceProtocol
import Journal
import LaneModel
import Logging
import Uplink

extension LaneAgentCommand {
    /// `laneagent reference …`
    struct ReferenceGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reference", abstract: "Reference data: expected vehicles, watchlists, rule pack.",
            subcommands: [Status.self, Sync.self])
    }
}

extension LaneAgentCommand.ReferenceGroup {
    /// `laneagent reference status --config F [--json]`
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the version, issue time, age and source of the reference data held.",
            discussion: "Exit 1 when none is held yet.")

        @OptionGroup var options: ConfigOption
        @Flag(help: "Print {\"version\",\"issuedAt\",\"ageSeconds\",\"source\"} as JSON.") var json = false

        func run() async throws {
            let config = try options.load()
            guard let store = config.referenceStore else { throw UplinkError.noCentralKey(config.path) }
            guard let held = try store.load() else { throw ReferenceError.noneHeld(store.path) }
            let now = Timestamp.now()
            if json {
                Console.json(held.statusJSON(now: now))
            } else {
                print("version:   \(held.data.version)")
                print("issued at: \(held.data.issuedAt.rfc3339) (\(held.ageSeconds(now: now)) s ago)")
                print("expires:   \(held.data.expiresAt?.rfc3339 ?? "never")")
                print("source:    \(held.source)")
                print("""
                    contents:  \(held.data.vehicles.count) expected vehicles, \
                    \(held.data.watchlist.plates.count + held.data.watchlist.documents.count + held.data.watchlist.subjects.count) watchlist \
                    entries\(held.data.rulePack != nil ? ", a rule pack" : "")
                    """)
            }
        }
    }

    /// `laneagent reference sync --config F`
    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch reference data now (from the service, or [reference] file) and keep it if it verifies.",
            discussion: "Exit 1 when the copy offered is refused (recorded as a reference.fault record; the held copy stays) or cannot be fetched.")

        @OptionGroup var options: ConfigOption

        func run() async throws {
            let config = try options.load()
            guard let store = config.referenceStore else { throw UplinkError.noCentralKey(config.path) }
            Console.logWarningsToStandardError()
            let logger = Logger(label: "laneagent.reference")
            let journal = try config.openJournal()
            defer { journal.close() }
            let client = config.reference.file == nil ? try ClearanceClient(settings: try config.requireUplink()) : nil
            let sync = ReferenceSync(store: store, settings: config.reference, client: client, journal: journal, logger: logger)
            let result: Result<ReferenceStore.Acceptance, ReferenceError>
            do { result = .success(try await sync.syncOnce()) } catch { result = .failure(error) }
            await client?.shutdown()
            switch try result.get() {
            case .stored(let held): print("stored reference data version \(held.data.version) from \(held.source)")
            case .unchanged(let held): print("reference data version \(held.data.version) is current; nothing changed")
            }
        }
    }
}
