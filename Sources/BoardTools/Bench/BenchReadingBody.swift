import LaneModel

/// The body of a `bench.reading` record: a realistic ~400-byte weighbridge reading with plate
/// and container codes, varied by producer and index so no two bodies are alike. Only
/// `diag bench` writes it; no lane reads it.
public struct BenchReadingBody: RecordBody {
    public var producer: Int
    public var index: Int

    public init(producer: Int, index: Int) {
        self.producer = producer
        self.index = index
    }

    public var recordKind: RecordKind { .benchReading }

    public func write(to members: inout RecordMembers) {
        let gross = 28_000 + (index * 37 + producer * 1_013) % 16_000
        members.required("device", "scale-\(producer)")
        members.required("protocol", "yaohua-xk3190-tf0")
        members.required("grossKg", gross)
        members.required("tareKg", 14_250)
        members.required("stable", true)
        members.required("stableForMs", 800 + index % 400)
        members.required("samples", [gross - 20, gross, gross, gross + 20])
        members.required("plate", ["text": .string("15C-\(100 + index % 900).\(10 + producer)"), "country": "VN", "confidence": 0.962] as JSONValue)
        members.required("containers", ["MSKU\(100_000 + index % 900_000)5", "TGHU8765432"])
        members.required("axles", 5)
        members.required("declaration", "VN-HN-2026-\(1_000_000 + index)")
        members.required("frame", "022b30323834303030313903")
    }
}
