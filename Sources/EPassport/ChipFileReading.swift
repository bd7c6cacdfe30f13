extension ChipConnection {
    /// The most bytes asked of one READ BINARY: what fits a short answer with 3DES or AES
    /// secure messaging around it.
    public static let readChunkSize = 0xDF

    /// `file`'s whole contents, or nil when the chip has no such file (SELECT answers 6A82).
    ///
    /// The first four bytes give the object's length, which is checked against the file's
    /// limit before anything else is read; then chunks follow at increasing offsets (READ BINARY
    /// B0 up to 32 KiB, B1 with an offset object beyond). Every chunk must make progress and
    /// only what was asked is kept, so a chip cannot keep the reader looping or growing.
    public mutating func read(_ file: ChipFile) async throws(ChipError) -> [UInt8]? {
        let selected = try await send(.selectFile(file.identifier))
        if selected.status == 0x6A82 { return nil }
        guard selected.status == 0x9000 else { throw ChipError(.refused, "SELECT \(file) was refused: \(selected.statusDescription)") }
        // The header first: four bytes hold any tag and length this reader accepts, but a chip
        // may give fewer per command, so read on until the header is whole (at most 8 bytes).
        var contents: [UInt8] = []
        var header: TLV.Header?
        while header == nil {
            let chunk = try await readChunk(offset: contents.count, count: 4)
            guard !chunk.isEmpty, contents.count < 8 else {
                throw ChipError(.garbled, "\(file) ends after \(contents.count) byte(s), inside its first object's header")
            }
            contents += chunk.prefix(4)
            do { header = try TLV.header(contents) } catch { throw ChipError(.garbled, "\(file) is not TLV: \(error)") }
        }
        guard let header else { throw ChipError(.garbled, "\(file) has no header") }
        guard header.tag == file.tag else {
            throw ChipError(.garbled, "\(file) starts with tag \(TLV.hex(header.tag)), not \(TLV.hex(file.tag))")
        }
        guard header.totalLength <= file.sizeLimit else {
            throw ChipError(.tooLarge, "\(file) announces \(header.totalLength) bytes, more than the \(file.sizeLimit) this reader accepts for it")
        }
        if contents.count > header.totalLength { contents.removeLast(contents.count - header.totalLength) }
        while contents.count < header.totalLength {
            let wanted = min(Self.readChunkSize, header.totalLength - contents.count)
            let chunk = try await readChunk(offset: contents.count, count: wanted)
            guard !chunk.isEmpty else { throw ChipError(.garbled, "\(file) gave no bytes at offset \(contents.count) of \(header.totalLength)") }
            // More than asked is cut off: the file's length was fixed by its header.
            contents += chunk.prefix(wanted)
        }
        return contents
    }

    /// Up to `count` bytes at `offset` of the selected file.
    private mutating func readChunk(offset: Int, count: Int) async throws(ChipError) -> [UInt8] {
        var asked = count
        for _ in 0..<2 {
            let large = offset > 0x7FFF
            let answer = try await send(large ? .readBinaryLarge(offset: offset, count: asked + 4) : .readBinary(offset: offset, count: asked))
            if answer.sw1 == 0x6C, answer.sw2 > 0, Int(answer.sw2) < asked {
                // The chip names the length it can give; ask once more with it.
                asked = Int(answer.sw2)
                continue
            }
            guard answer.isSuccess else {
                throw ChipError(.refused, "READ BINARY at offset \(offset) was refused: \(answer.statusDescription)")
            }
            guard large else { return answer.data }
            do {
                let object = try TLV.parseFirst(answer.data)
                guard object.tag == 0x53 else { throw TLVError(offset: 0, reason: "tag \(TLV.hex(object.tag)), not 0x53") }
                return object.value
            } catch {
                throw ChipError(.garbled, "READ BINARY (B1) at offset \(offset) did not answer a data object: \(error)")
            }
        }
        throw ChipError(.garbled, "READ BINARY at offset \(offset): the chip keeps naming another length")
    }
}
