import Foundation
import PostgresNIO

/// A value bound to a PostgreSQL statement (`$1`, `$2`, ...).
enum SQLValue: Sendable {
    case null
    case text(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case date(Date)
    case bytes(Data)

    /// An optional text: NULL when nil.
    static func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    static func int(_ value: Int) -> SQLValue { .int(Int64(value)) }

    /// Dates are kept to the millisecond, as GRDB keeps them in SQLite, so a date read back
    /// compares equal to the one written on both backends and an order never hangs on a
    /// microsecond one backend kept and the other dropped.
    static func milliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }

    func bind(into bindings: inout PostgresBindings) {
        switch self {
        case .null: bindings.appendNull()
        case .text(let value): bindings.append(value)
        case .int(let value): bindings.append(value)
        case .double(let value): bindings.append(value)
        case .bool(let value): bindings.append(value)
        case .date(let value): bindings.append(Self.milliseconds(value))
        case .bytes(let value): bindings.append(ByteBuffer(bytes: value))
        }
    }
}

/// Nested values (an interaction's payload, a workflow's steps) are JSON text in a `text`
/// column, encoded exactly as GRDB encodes them in SQLite (sorted keys, dates as milliseconds,
/// data as base64), so both backends hold the same bytes.
enum ColumnJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dataEncodingStrategy = .base64
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.nonConformingFloatEncodingStrategy = .throw
        encoder.outputFormatting = .sortedKeys
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dataDecodingStrategy = .base64
        decoder.dateDecodingStrategy = .millisecondsSince1970
        decoder.nonConformingFloatDecodingStrategy = .throw
        return decoder
    }
}

/// Thrown inside the single-value coders when a value is not one column's primitive (a struct,
/// an array): the record coders then store it as JSON text.
private struct NeedsJSON: Error {}

// MARK: - Records to columns

/// A `Codable` record as its columns, named by its coding keys (as GRDB names them), in order.
/// Optional properties that are nil are kept, as NULL, so an insert or update names every column.
enum RecordColumns {
    static func of<R: Encodable>(_ record: R) throws -> [(name: String, value: SQLValue)] {
        let encoder = RowEncoder()
        try record.encode(to: encoder)
        return encoder.box.columns
    }
}

private final class ColumnBox {
    var columns: [(name: String, value: SQLValue)] = []
}

private struct RowEncoder: Encoder {
    let box = ColumnBox()
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(RowKeyedEncoder<Key>(box: box))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { fatalError("a record encodes as keyed columns") }
    func singleValueContainer() -> any SingleValueEncodingContainer { fatalError("a record encodes as keyed columns") }
}

private struct RowKeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ColumnBox
    var codingPath: [any CodingKey] { [] }

    private func put(_ key: Key, _ value: SQLValue) { box.columns.append((key.stringValue, value)) }

    mutating func encodeNil(forKey key: Key) throws { put(key, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(key, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(key, .text(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(key, .double(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(key, .int(Int64(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(key, .int(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { put(key, try Self.column(value)) }

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { put(key, value.map { .bool($0) } ?? .null) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { put(key, .text(value)) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { put(key, value.map { .double($0) } ?? .null) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { put(key, value.map { .int(Int64($0)) } ?? .null) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { put(key, value.map { .int($0) } ?? .null) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        put(key, try value.map(Self.column) ?? .null)
    }

    /// One property as a column: a date, data, a raw-valued enum, or else JSON text.
    static func column<T: Encodable>(_ value: T) throws -> SQLValue {
        if let date = value as? Date { return .date(date) }
        if let data = value as? Data { return .bytes(data) }
        let single = ValueEncoder()
        do {
            try value.encode(to: single)
            if let captured = single.box.value { return captured }
        } catch is NeedsJSON {}
        return .text(String(decoding: try ColumnJSON.encoder().encode(value), as: UTF8.self))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<
        NestedKey
    > { fatalError("records have no nested containers") }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        fatalError("records have no nested containers")
    }
    mutating func superEncoder() -> any Encoder { fatalError("records have no super encoder") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { fatalError("records have no super encoder") }
}

private final class ValueBox {
    var value: SQLValue?
}

/// Captures a value that encodes as one primitive (an enum's raw value); anything else needs JSON.
private struct ValueEncoder: Encoder, SingleValueEncodingContainer {
    let box = ValueBox()
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(FailingKeyed<Key>())
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { FailingUnkeyed() }
    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    mutating func encodeNil() throws { box.value = .null }
    mutating func encode(_ value: Bool) throws { box.value = .bool(value) }
    mutating func encode(_ value: String) throws { box.value = .text(value) }
    mutating func encode(_ value: Double) throws { box.value = .double(value) }
    mutating func encode(_ value: Float) throws { box.value = .double(Double(value)) }
    mutating func encode(_ value: Int) throws { box.value = .int(Int64(value)) }
    mutating func encode(_ value: Int8) throws { box.value = .int(Int64(value)) }
    mutating func encode(_ value: Int16) throws { box.value = .int(Int64(value)) }
    mutating func encode(_ value: Int32) throws { box.value = .int(Int64(value)) }
    mutating func encode(_ value: Int64) throws { box.value = .int(value) }
    mutating func encode(_ value: UInt) throws { box.value = .int(Int64(value)) }
    mutating func encode(_ value: UInt8) throws { box.value = .int(Int64(value)) }
    mutating func encode(_ value: UInt16) throws { box.value = .int(Int64(value)) }
    mutating func encode(_ value: UInt32) throws { box.value = .int(Int64(value)) }
    mutating func encode(_ value: UInt64) throws { box.value = .int(Int64(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { throw NeedsJSON() }
}

/// A keyed container that refuses: the value is a structure, stored as JSON.
private struct FailingKeyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    var codingPath: [any CodingKey] { [] }
    mutating func encodeNil(forKey key: Key) throws { throw NeedsJSON() }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { throw NeedsJSON() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<
        NestedKey
    > { KeyedEncodingContainer(FailingKeyed<NestedKey>()) }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { FailingUnkeyed() }
    mutating func superEncoder() -> any Encoder { ValueEncoder() }
    mutating func superEncoder(forKey key: Key) -> any Encoder { ValueEncoder() }
}

private struct FailingUnkeyed: UnkeyedEncodingContainer {
    var codingPath: [any CodingKey] { [] }
    var count: Int { 0 }
    mutating func encodeNil() throws { throw NeedsJSON() }
    mutating func encode<T: Encodable>(_ value: T) throws { throw NeedsJSON() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(FailingKeyed<NestedKey>())
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { FailingUnkeyed() }
    mutating func superEncoder() -> any Encoder { ValueEncoder() }
}

// MARK: - Rows to records

/// Decodes a `Decodable` record from a row, column by coding key, as GRDB does in SQLite.
struct RowDecoder: Decoder {
    let row: PostgresRandomAccessRow
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func decode<R: Decodable>(_ type: R.Type, from row: PostgresRow) throws -> R {
        try R(from: RowDecoder(row: row.makeRandomAccess()))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RowKeyedDecoder<Key>(row: row))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "a row decodes as keyed columns"))
    }
    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "a row decodes as keyed columns"))
    }
}

private struct RowKeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let row: PostgresRandomAccessRow
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { row.compactMap { Key(stringValue: $0.columnName) } }

    func contains(_ key: Key) -> Bool { row.contains(key.stringValue) }
    func decodeNil(forKey key: Key) throws -> Bool { !contains(key) || row[key.stringValue].bytes == nil }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try row[key.stringValue].decode(Bool.self) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try row[key.stringValue].decode(String.self) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try row[key.stringValue].decode(Double.self) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try row[key.stringValue].decode(Int.self) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try row[key.stringValue].decode(Int64.self) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let cell = row[key.stringValue]
        if type == Date.self { return try cell.decode(Date.self) as! T }
        if type == Data.self { return try cell.decode(Data.self) as! T }
        do {
            return try T(from: CellDecoder(cell: cell))
        } catch is NeedsJSON {
            return try ColumnJSON.decoder().decode(T.self, from: Data(try cell.decode(String.self).utf8))
        }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "records have no nested containers"))
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [key], debugDescription: "records have no nested containers"))
    }
    func superDecoder() throws -> any Decoder { throw NeedsJSON() }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw NeedsJSON() }
}

/// One cell as a single primitive (an enum's raw value); a structure asks for a container and is
/// read as JSON text instead.
private struct CellDecoder: Decoder, SingleValueDecodingContainer {
    let cell: PostgresCell
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> { throw NeedsJSON() }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw NeedsJSON() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { cell.bytes == nil }
    func decode(_ type: Bool.Type) throws -> Bool { try cell.decode(Bool.self) }
    func decode(_ type: String.Type) throws -> String { try cell.decode(String.self) }
    func decode(_ type: Double.Type) throws -> Double { try cell.decode(Double.self) }
    func decode(_ type: Float.Type) throws -> Float { Float(try cell.decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try cell.decode(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { Int8(try cell.decode(Int.self)) }
    func decode(_ type: Int16.Type) throws -> Int16 { Int16(try cell.decode(Int.self)) }
    func decode(_ type: Int32.Type) throws -> Int32 { Int32(try cell.decode(Int.self)) }
    func decode(_ type: Int64.Type) throws -> Int64 { try cell.decode(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { UInt(try cell.decode(Int.self)) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { UInt8(try cell.decode(Int.self)) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { UInt16(try cell.decode(Int.self)) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { UInt32(try cell.decode(Int.self)) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { UInt64(try cell.decode(Int.self)) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { throw NeedsJSON() }
}
