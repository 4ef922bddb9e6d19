package explore

import (
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/bekasi/wfheval/pipeline"
)

// Column is one column of a result: its name and DuckDB type name
// (INTEGER, DECIMAL(18,2), VARCHAR[], …).
type Column struct {
	Name string
	Type string
}

// Numeric reports whether the column holds numbers, which tables align to
// the right.
func (c Column) Numeric() bool {
	switch base(c.Type) {
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
		"UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "BIGNUM":
		return true
	}
	return false
}

// base returns a type name without its parameters: DECIMAL(18,2) → DECIMAL.
func base(t string) string {
	if i := strings.IndexByte(t, '('); i >= 0 {
		return t[:i]
	}
	return t
}

// text renders v as plain text: what CSV cells and XLSX text cells hold,
// and what tables show before grouping digits. NULL is "".
func text(v any, col Column) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int8, int16, int32, int64, int, uint8, uint16, uint32, uint64, uint:
		return fmt.Sprint(x)
	case float32:
		return formatFloat(float64(x), 32)
	case float64:
		return formatFloat(x, 64)
	case *big.Int:
		return x.String()
	case duckdb.Decimal:
		return decimalText(x)
	case time.Time:
		return timeText(x, col.Type)
	case []byte:
		if base(col.Type) == "UUID" && len(x) == 16 {
			h := hex.EncodeToString(x)
			return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
		}
		return `\x` + hex.EncodeToString(x)
	case duckdb.Interval:
		return intervalText(x)
	case duckdb.UUID:
		return x.String()
	default:
		return nested(v)
	}
}

func formatFloat(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return strconv.FormatFloat(f, 'f', -1, bits)
}

func decimalText(d duckdb.Decimal) string {
	if d.Value == nil {
		return ""
	}
	s := new(big.Int).Abs(d.Value).String()
	sign := ""
	if d.Value.Sign() < 0 {
		sign = "-"
	}
	if d.Scale == 0 {
		return sign + s
	}
	sc := int(d.Scale)
	if len(s) <= sc {
		s = strings.Repeat("0", sc-len(s)+1) + s
	}
	return sign + s[:len(s)-sc] + "." + s[len(s)-sc:]
}

// Zone is the time zone TIMESTAMPTZ values are shown in: wfheval's
// default, pipeline.DefaultTimeZone (Asia/Jakarta, WIB).
var Zone = pipeline.DefaultLocation()

// timeText renders a DATE, TIME or TIMESTAMP as DuckDB does. duckdb-go
// returns wall-clock values in UTC; TIMESTAMPTZ is an instant, shown in Zone
// with its offset.
func timeText(t time.Time, typ string) string {
	switch base(typ) {
	case "DATE":
		return t.Format(time.DateOnly)
	case "TIME", "TIME_NS":
		return trimFraction(t.Format("15:04:05.000000"))
	case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ", "TIME WITH TIME ZONE", "TIMETZ":
		t = t.In(Zone)
		return trimFraction(t.Format("2006-01-02 15:04:05.000000")) + t.Format("-07")
	default:
		return trimFraction(t.Format("2006-01-02 15:04:05.000000"))
	}
}

// trimFraction drops a zero fraction of seconds: 07:30:00.000000 → 07:30:00.
func trimFraction(s string) string {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return s
	}
	f := strings.TrimRight(s[i+1:], "0")
	if f == "" {
		return s[:i]
	}
	return s[:i+1] + f
}

func intervalText(iv duckdb.Interval) string {
	var parts []string
	if iv.Months != 0 {
		y, m := iv.Months/12, iv.Months%12
		if y != 0 {
			parts = append(parts, plural(int64(y), "year"))
		}
		if m != 0 {
			parts = append(parts, plural(int64(m), "month"))
		}
	}
	if iv.Days != 0 {
		parts = append(parts, plural(int64(iv.Days), "day"))
	}
	if iv.Micros != 0 || len(parts) == 0 {
		us := iv.Micros
		sign := ""
		if us < 0 {
			sign, us = "-", -us
		}
		d := time.Duration(us) * time.Microsecond
		h := int64(d / time.Hour)
		m := int64(d % time.Hour / time.Minute)
		s := d % time.Minute
		clock := fmt.Sprintf("%s%02d:%02d:%09.6f", sign, h, m, s.Seconds())
		parts = append(parts, trimFraction(clock))
	}
	return strings.Join(parts, " ")
}

func plural(n int64, unit string) string {
	if n == 1 || n == -1 {
		return fmt.Sprintf("%d %s", n, unit)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// nested renders lists, structs and maps as DuckDB prints them:
// [a, b], {'k': 1}.
func nested(v any) string {
	var b strings.Builder
	writeNested(&b, v, false)
	return b.String()
}

func writeNested(b *strings.Builder, v any, quote bool) {
	switch x := v.(type) {
	case nil:
		b.WriteString("NULL")
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeNested(b, e, true)
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("'" + k + "': ")
			writeNested(b, x[k], true)
		}
		b.WriteByte('}')
	case duckdb.OrderedMap:
		b.WriteByte('{')
		for i, k := range x.Keys() {
			if i > 0 {
				b.WriteString(", ")
			}
			writeNested(b, k, true)
			b.WriteByte('=')
			val, _ := x.Get(k)
			writeNested(b, val, true)
		}
		b.WriteByte('}')
	case duckdb.Map:
		keys := make([]string, 0, len(x))
		vals := map[string]any{}
		for k, val := range x {
			ks := nested(k)
			keys = append(keys, ks)
			vals[ks] = val
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(k + "=")
			writeNested(b, vals[k], true)
		}
		b.WriteByte('}')
	case string:
		if quote {
			b.WriteString("'" + strings.ReplaceAll(x, "'", "''") + "'")
		} else {
			b.WriteString(x)
		}
	case time.Time:
		b.WriteString(x.Format("2006-01-02 15:04:05"))
	default:
		if s, ok := v.(fmt.Stringer); ok {
			b.WriteString(s.String())
			return
		}
		switch y := v.(type) {
		case float64:
			b.WriteString(formatFloat(y, 64))
		case float32:
			b.WriteString(formatFloat(float64(y), 32))
		default:
			fmt.Fprint(b, v)
		}
	}
}
