// Reporting views through pgjdbc (Debian's libpostgresql-jdbc-java, default
// settings: no stringtype=unspecified, setString binds varchar): every view
// granted to PUBLIC in schema knee_rehab (from the catalog) and every query
// of test/clients/queries.sql.  Every column must arrive as a native Java
// type (Integer/Long, Double, Boolean, String, java.sql.Date,
// java.sql.Timestamp), never as PGobject, Array, BigDecimal or a packed
// composite/array/JSON string (design notes section 8).  Every text column
// is filtered with setString (col = ?, and with clinic_id = ? as well) and
// must give exactly the rows holding the value.
// Prints TAP lines without a plan (test/clients/clients.sh numbers them).
// Usage: java -cp /usr/share/java/postgresql.jar:DIR ViewTypes URL USER PASSWORD QUERIES_FILE
// SPDX-License-Identifier: GPL-3.0-or-later
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.*;
import java.util.*;
import java.util.regex.*;

public class ViewTypes {
	static int failed = 0;
	static final Pattern PACKED = Pattern.compile("^\\s*[\\(\\{\\[].*[\\)\\}\\]]\\s*$", Pattern.DOTALL);
	// Server type name (ResultSetMetaData.getColumnTypeName) -> Java class.
	static final Map<String, Class<?>> NATIVE = new HashMap<>();
	static {
		NATIVE.put("text", String.class);
		NATIVE.put("varchar", String.class);
		NATIVE.put("bool", Boolean.class);
		NATIVE.put("int2", Integer.class);
		NATIVE.put("int4", Integer.class);
		NATIVE.put("int8", Long.class);
		NATIVE.put("serial", Integer.class);	// pgjdbc's name for an int4 column with a sequence default
		NATIVE.put("bigserial", Long.class);
		NATIVE.put("float8", Double.class);
		NATIVE.put("date", java.sql.Date.class);
		NATIVE.put("timestamptz", java.sql.Timestamp.class);
	}

	static void tap(boolean ok, String desc, String diag) {
		System.out.println((ok ? "ok" : "not ok") + " - " + desc);
		if (!ok) {
			failed++;
			if (diag != null)
				for (String l : diag.split("\n"))
					System.out.println("#   " + l);
		}
		System.out.flush();
	}

	static class Result {
		List<String> names = new ArrayList<>();
		List<String> types = new ArrayList<>();
		List<Object[]> rows = new ArrayList<>();
		List<String> problems = new ArrayList<>();
	}

	static Result read(PreparedStatement ps) throws SQLException {
		Result r = new Result();
		try (ResultSet rs = ps.executeQuery()) {
			ResultSetMetaData md = rs.getMetaData();
			int n = md.getColumnCount();
			for (int i = 1; i <= n; i++) {
				r.names.add(md.getColumnLabel(i));
				r.types.add(md.getColumnTypeName(i));
				int t = md.getColumnType(i);
				if (!NATIVE.containsKey(md.getColumnTypeName(i)) || t == Types.OTHER || t == Types.ARRAY
					|| t == Types.STRUCT || t == Types.NUMERIC)
					r.problems.add(md.getColumnLabel(i) + ": server type " + md.getColumnTypeName(i)
								   + " (java.sql.Types " + t + ") is not a flat type");
			}
			boolean[] reported = new boolean[n];
			while (rs.next()) {
				Object[] row = new Object[n];
				for (int i = 0; i < n; i++) {
					Object v = rs.getObject(i + 1);
					row[i] = v;
					Class<?> want = NATIVE.get(r.types.get(i));
					if (v == null || want == null || reported[i])
						continue;
					if (v.getClass() != want) {
						r.problems.add(r.names.get(i) + ": " + v + " is " + v.getClass().getName() + ", want " + want.getName());
						reported[i] = true;
					} else if (v instanceof String && PACKED.matcher((String) v).matches()) {
						r.problems.add(r.names.get(i) + ": '" + v + "' looks like a packed composite/array/JSON");
						reported[i] = true;
					}
				}
				r.rows.add(row);
			}
		}
		return r;
	}

	public static void main(String[] args) throws Exception {
		try {
			run(args);
		} catch (Exception e) {
			tap(false, "pgjdbc: run completed", e.toString());
		}
		System.exit(failed > 0 ? 1 : 0);
	}

	static void run(String[] args) throws Exception {
		Properties p = new Properties();
		p.setProperty("user", args[1]);
		p.setProperty("password", args[2]);
		try (Connection c = DriverManager.getConnection(args[0], p)) {
			List<String> views = new ArrayList<>();
			try (Statement st = c.createStatement();
				 ResultSet rs = st.executeQuery(
					 "SELECT c.relname FROM pg_catalog.pg_class AS c"
					 + " WHERE c.relnamespace = 'knee_rehab'::pg_catalog.regnamespace AND c.relkind = 'v'"
					 + "   AND EXISTS (SELECT 1 FROM pg_catalog.aclexplode(c.relacl) AS a"
					 + "                WHERE a.grantee = 0 AND a.privilege_type = 'SELECT') ORDER BY 1")) {
				while (rs.next())
					views.add(rs.getString(1));
			}
			tap(views.size() >= 6, "pgjdbc " + c.getMetaData().getDriverVersion() + ": " + views.size()
				+ " reporting views granted to PUBLIC found in the catalog (" + String.join(", ", views) + ")", null);

			for (String v : views) {
				Result all;
				try (PreparedStatement ps = c.prepareStatement("SELECT * FROM knee_rehab." + v)) {
					all = read(ps);
				}
				tap(!all.rows.isEmpty() && all.problems.isEmpty(), "pgjdbc: " + v + ": " + all.names.size()
					+ " columns x " + all.rows.size() + " rows arrive as native Java types",
					all.rows.isEmpty() ? "no rows" : String.join("\n", all.problems));
				int ci = all.names.indexOf("clinic_id");
				for (int i = 0; i < all.names.size(); i++) {
					if (!all.types.get(i).equals("text") && !all.types.get(i).equals("varchar"))
						continue;
					String col = all.names.get(i);
					String value = null;
					boolean mirror = false;
					for (Object[] row : all.rows) {
						if (row[i] == null)
							continue;
						if (value == null)
							value = (String) row[i];
						if (col.equals("clinic_id") && "mirror-01".equals(row[i]))
							mirror = true;
					}
					if (mirror)
						value = "mirror-01";
					if (value == null) {
						tap(false, "pgjdbc: " + v + "." + col + " has a value to filter on", null);
						continue;
					}
					int wantN = 0;
					String clinic = null;
					for (Object[] row : all.rows)
						if (value.equals(row[i])) {
							wantN++;
							if (clinic == null && ci >= 0)
								clinic = (String) row[ci];
						}
					Result got;
					try (PreparedStatement ps = c.prepareStatement("SELECT * FROM knee_rehab." + v + " WHERE " + col + " = ?")) {
						ps.setString(1, value);
						got = read(ps);
					}
					boolean ok = got.rows.size() == wantN && got.problems.isEmpty();
					for (Object[] row : got.rows)
						ok = ok && value.equals(row[i]);
					String diag = "rows " + got.rows.size() + ", want " + wantN + " " + String.join("; ", got.problems);
					boolean withClinic = ci >= 0 && i != ci;
					if (withClinic) {
						int want2 = 0;
						for (Object[] row : all.rows)
							if (value.equals(row[i]) && clinic.equals(row[ci]))
								want2++;
						try (PreparedStatement ps = c.prepareStatement("SELECT * FROM knee_rehab." + v
																	   + " WHERE clinic_id = ? AND " + col + " = ?")) {
							ps.setString(1, clinic);
							ps.setString(2, value);
							Result got2 = read(ps);
							ok = ok && want2 > 0 && got2.rows.size() == want2;
							diag += "; with clinic_id = " + clinic + ": rows " + got2.rows.size() + ", want " + want2;
						}
					}
					String shown = value.length() > 40 ? value.substring(0, 40) : value;
					tap(ok, "pgjdbc: " + v + " WHERE " + col + " = ? (setString '" + shown + "')"
						+ (withClinic ? " AND clinic_id = ?" : "") + ": " + wantN + " rows", diag);
				}
			}

			// Two clinics with the same ids: one row each for episode 1.
			try (PreparedStatement ps = c.prepareStatement(
					 "SELECT clinic_id, episode_id, risk_tier, risk_tier_rank, first_visit FROM knee_rehab.episode_outcome"
					 + " WHERE episode_id = ? AND clinic_id IN (?, ?) ORDER BY clinic_id")) {
				ps.setLong(1, 1);
				ps.setString(2, "mirror-01");
				ps.setString(3, "synthetic-01");
				Result r = read(ps);
				boolean ok = r.rows.size() == 2 && "mirror-01".equals(r.rows.get(0)[0])
					&& "synthetic-01".equals(r.rows.get(1)[0]) && r.problems.isEmpty();
				tap(ok, "pgjdbc: episode_outcome episode 1 (setLong) of mirror-01 and synthetic-01 (same ids): one row each",
					r.rows.size() + " rows " + String.join("; ", r.problems));
			}
			// A date filter bound as java.sql.Date.
			try (PreparedStatement ps = c.prepareStatement(
					 "SELECT count(*) FROM knee_rehab.load_monitoring WHERE clinic_id = ? AND day >= ?")) {
				ps.setString(1, "mirror-01");
				ps.setDate(2, java.sql.Date.valueOf("2000-01-01"));
				Result r = read(ps);
				tap(r.problems.isEmpty() && (Long) r.rows.get(0)[0] > 0,
					"pgjdbc: load_monitoring WHERE clinic_id = ? AND day >= ? (setDate): " + r.rows.get(0)[0] + " rows",
					String.join("; ", r.problems));
			}

			// The README's flat query forms.
			String text = new String(Files.readAllBytes(Paths.get(args[3])), "UTF-8");
			Matcher m = Pattern.compile("^-- name: (.*)$", Pattern.MULTILINE).matcher(text);
			List<int[]> at = new ArrayList<>();
			List<String> names = new ArrayList<>();
			while (m.find()) {
				at.add(new int[] {m.start(), m.end()});
				names.add(m.group(1));
			}
			for (int k = 0; k < at.size(); k++) {
				String sql = text.substring(at.get(k)[1], k + 1 < at.size() ? at.get(k + 1)[0] : text.length()).trim();
				String name = names.get(k);
				String param = name.startsWith("triage") ? "peripatellar" : "mirror-01";
				try (PreparedStatement ps = c.prepareStatement(sql)) {
					ps.setString(1, param);
					Result r = read(ps);
					tap(!r.rows.isEmpty() && r.problems.isEmpty(), "pgjdbc: query " + name + " (setString '" + param + "'): "
						+ r.names.size() + " columns x " + r.rows.size() + " rows, native types",
						r.rows.isEmpty() ? "no rows" : String.join("\n", r.problems));
				}
			}
		}
	}
}
