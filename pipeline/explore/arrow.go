package explore

import (
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// arrowKind is the container an arrowSink writes.
type arrowKind int

const (
	arrowParquet arrowKind = iota
	arrowFile              // Arrow IPC file format (Feather v2)
	arrowStream            // Arrow IPC stream format
)

// arrowBatch is the number of rows per record batch (and Parquet row group
// part).
const arrowBatch = 64 * 1024

// arrowSink turns rows into Arrow record batches of the result's types and
// writes them as Parquet or Arrow IPC. Types map as DuckDB's own Arrow
// export does: integers, floats, DECIMAL(p,s), VARCHAR, BLOB, BOOLEAN, DATE,
// TIME, TIMESTAMP (microseconds, no zone; TIMESTAMPTZ in UTC) and lists of
// those; other types (INTERVAL, UUID, STRUCT, MAP, …) as text. HUGEINT,
// which sum() of integers returns, is written as int64.
type arrowSink struct {
	w       io.Writer
	kind    arrowKind
	mem     memory.Allocator
	cols    []Column
	apps    []appender
	rb      *array.RecordBuilder
	pending int
	write   func(arrow.RecordBatch) error
	close   func() error
}

func newArrowSink(w io.Writer, kind arrowKind) *arrowSink {
	return &arrowSink{w: w, kind: kind, mem: memory.DefaultAllocator}
}

// appender adds one value to an Arrow builder.
type appender func(b array.Builder, v any) error

func (s *arrowSink) Begin(cols []Column) error {
	s.cols = cols
	fields := make([]arrow.Field, len(cols))
	s.apps = make([]appender, len(cols))
	for i, c := range cols {
		t, app := arrowType(c.Type)
		fields[i] = arrow.Field{Name: c.Name, Type: t, Nullable: true}
		s.apps[i] = app
	}
	schema := arrow.NewSchema(fields, nil)
	s.rb = array.NewRecordBuilder(s.mem, schema)
	switch s.kind {
	case arrowParquet:
		props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy),
			parquet.WithAllocator(s.mem))
		fw, err := pqarrow.NewFileWriter(schema, s.w, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
		if err != nil {
			return err
		}
		s.write, s.close = fw.Write, fw.Close
	case arrowFile:
		fw, err := ipc.NewFileWriter(s.w, ipc.WithSchema(schema), ipc.WithAllocator(s.mem))
		if err != nil {
			return err
		}
		s.write, s.close = fw.Write, fw.Close
	case arrowStream:
		sw := ipc.NewWriter(s.w, ipc.WithSchema(schema), ipc.WithAllocator(s.mem))
		s.write, s.close = sw.Write, sw.Close
	}
	return nil
}

func (s *arrowSink) Row(vals []any) error {
	for i, v := range vals {
		b := s.rb.Field(i)
		if v == nil {
			b.AppendNull()
			continue
		}
		if err := s.apps[i](b, v); err != nil {
			return fmt.Errorf("column %s: %w", s.cols[i].Name, err)
		}
	}
	if s.pending++; s.pending == arrowBatch {
		return s.flush()
	}
	return nil
}

func (s *arrowSink) flush() error {
	rec := s.rb.NewRecordBatch()
	defer rec.Release()
	s.pending = 0
	return s.write(rec)
}

func (s *arrowSink) End() error {
	// An empty result still writes one (empty) batch, so every reader sees
	// the schema.
	if s.pending > 0 || s.kind == arrowParquet {
		if err := s.flush(); err != nil {
			return err
		}
	}
	s.rb.Release()
	return s.close()
}

func (s *arrowSink) abort() {
	if s.rb != nil {
		s.rb.Release()
	}
}

// arrowType maps a DuckDB type name to an Arrow type and how to append a
// scanned value of it.
func arrowType(typ string) (arrow.DataType, appender) {
	if elem, ok := strings.CutSuffix(typ, "[]"); ok {
		et, eapp := arrowType(elem)
		return arrow.ListOf(et), func(b array.Builder, v any) error {
			list, ok := v.([]any)
			if !ok {
				return fmt.Errorf("%T is not a list", v)
			}
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			vb := lb.ValueBuilder()
			for _, e := range list {
				if e == nil {
					vb.AppendNull()
					continue
				}
				if err := eapp(vb, e); err != nil {
					return err
				}
			}
			return nil
		}
	}
	switch base(typ) {
	case "BOOLEAN":
		return arrow.FixedWidthTypes.Boolean, func(b array.Builder, v any) error {
			x, ok := v.(bool)
			if !ok {
				return fmt.Errorf("%T is not a BOOLEAN", v)
			}
			b.(*array.BooleanBuilder).Append(x)
			return nil
		}
	case "TINYINT":
		return arrow.PrimitiveTypes.Int8, intApp(func(b array.Builder, n int64) { b.(*array.Int8Builder).Append(int8(n)) })
	case "SMALLINT":
		return arrow.PrimitiveTypes.Int16, intApp(func(b array.Builder, n int64) { b.(*array.Int16Builder).Append(int16(n)) })
	case "INTEGER":
		return arrow.PrimitiveTypes.Int32, intApp(func(b array.Builder, n int64) { b.(*array.Int32Builder).Append(int32(n)) })
	case "BIGINT", "HUGEINT":
		return arrow.PrimitiveTypes.Int64, intApp(func(b array.Builder, n int64) { b.(*array.Int64Builder).Append(n) })
	case "UTINYINT":
		return arrow.PrimitiveTypes.Uint8, intApp(func(b array.Builder, n int64) { b.(*array.Uint8Builder).Append(uint8(n)) })
	case "USMALLINT":
		return arrow.PrimitiveTypes.Uint16, intApp(func(b array.Builder, n int64) { b.(*array.Uint16Builder).Append(uint16(n)) })
	case "UINTEGER":
		return arrow.PrimitiveTypes.Uint32, intApp(func(b array.Builder, n int64) { b.(*array.Uint32Builder).Append(uint32(n)) })
	case "UBIGINT":
		return arrow.PrimitiveTypes.Uint64, func(b array.Builder, v any) error {
			x, ok := v.(uint64)
			if !ok {
				return fmt.Errorf("%T is not a UBIGINT", v)
			}
			b.(*array.Uint64Builder).Append(x)
			return nil
		}
	case "FLOAT":
		return arrow.PrimitiveTypes.Float32, func(b array.Builder, v any) error {
			x, ok := v.(float32)
			if !ok {
				return fmt.Errorf("%T is not a FLOAT", v)
			}
			b.(*array.Float32Builder).Append(x)
			return nil
		}
	case "DOUBLE":
		return arrow.PrimitiveTypes.Float64, func(b array.Builder, v any) error {
			x, ok := v.(float64)
			if !ok {
				return fmt.Errorf("%T is not a DOUBLE", v)
			}
			b.(*array.Float64Builder).Append(x)
			return nil
		}
	case "DECIMAL":
		p, sc := decimalParams(typ)
		return &arrow.Decimal128Type{Precision: p, Scale: sc}, func(b array.Builder, v any) error {
			x, ok := v.(duckdb.Decimal)
			if !ok {
				return fmt.Errorf("%T is not a DECIMAL", v)
			}
			b.(*array.Decimal128Builder).Append(decimal128.FromBigInt(x.Value))
			return nil
		}
	case "VARCHAR":
		return arrow.BinaryTypes.String, func(b array.Builder, v any) error {
			x, ok := v.(string)
			if !ok {
				return fmt.Errorf("%T is not a VARCHAR", v)
			}
			b.(*array.StringBuilder).Append(x)
			return nil
		}
	case "BLOB":
		return arrow.BinaryTypes.Binary, func(b array.Builder, v any) error {
			x, ok := v.([]byte)
			if !ok {
				return fmt.Errorf("%T is not a BLOB", v)
			}
			b.(*array.BinaryBuilder).Append(x)
			return nil
		}
	case "DATE":
		return arrow.FixedWidthTypes.Date32, timeApp(func(b array.Builder, t time.Time) {
			b.(*array.Date32Builder).Append(arrow.Date32FromTime(t))
		})
	case "TIME":
		return arrow.FixedWidthTypes.Time64us, timeApp(func(b array.Builder, t time.Time) {
			midnight := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
			b.(*array.Time64Builder).Append(arrow.Time64(t.Sub(midnight).Microseconds()))
		})
	case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS":
		return &arrow.TimestampType{Unit: arrow.Microsecond}, timeApp(func(b array.Builder, t time.Time) {
			b.(*array.TimestampBuilder).Append(arrow.Timestamp(t.UnixMicro()))
		})
	case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ":
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, timeApp(func(b array.Builder, t time.Time) {
			b.(*array.TimestampBuilder).Append(arrow.Timestamp(t.UnixMicro()))
		})
	}
	col := Column{Type: typ}
	return arrow.BinaryTypes.String, func(b array.Builder, v any) error {
		b.(*array.StringBuilder).Append(text(v, col))
		return nil
	}
}

// intApp appends any scanned integer, HUGEINT's *big.Int included while it
// fits in 64 bits.
func intApp(app func(array.Builder, int64)) appender {
	return func(b array.Builder, v any) error {
		var n int64
		switch x := v.(type) {
		case int8:
			n = int64(x)
		case int16:
			n = int64(x)
		case int32:
			n = int64(x)
		case int64:
			n = x
		case uint8:
			n = int64(x)
		case uint16:
			n = int64(x)
		case uint32:
			n = int64(x)
		case *big.Int:
			if !x.IsInt64() {
				return fmt.Errorf("%s does not fit in 64 bits: CAST it to DOUBLE or VARCHAR", x)
			}
			n = x.Int64()
		default:
			return fmt.Errorf("%T is not an integer", v)
		}
		app(b, n)
		return nil
	}
}

func timeApp(app func(array.Builder, time.Time)) appender {
	return func(b array.Builder, v any) error {
		t, ok := v.(time.Time)
		if !ok {
			return fmt.Errorf("%T is not a date or time", v)
		}
		app(b, t)
		return nil
	}
}

// decimalParams reads DECIMAL(p,s); DuckDB's default is DECIMAL(18,3).
func decimalParams(typ string) (int32, int32) {
	p, s := int32(18), int32(3)
	if i := strings.IndexByte(typ, '('); i >= 0 {
		parts := strings.Split(strings.TrimSuffix(typ[i+1:], ")"), ",")
		if len(parts) == 2 {
			if n, err := strconv.Atoi(strings.TrimSpace(parts[0])); err == nil {
				p = int32(n)
			}
			if n, err := strconv.Atoi(strings.TrimSpace(parts[1])); err == nil {
				s = int32(n)
			}
		}
	}
	return p, s
}
