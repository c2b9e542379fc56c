/**
 * A rating distribution as a table with a bar per scale point, so it reads the same to screen
 * readers as the bars show on screen. Two columns keep it within a 320px-wide screen; the bar
 * wraps under the count when space is short. Used by the responses page, Delphi feedback and the
 * meeting record.
 */
export function RatingDistribution(props: {
  caption: string;
  distribution: number[];
  /** Ratings in the distribution (the share's denominator). */
  total: number;
  scaleLabels: string[];
  /** The viewer's own rating, marked in its row. */
  mine?: number | null;
}) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="muted small" style={{ textAlign: "left", padding: "0.4rem 0.6rem" }}>
          {props.caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">Rating</th>
            <th scope="col" style={{ width: "60%" }}>
              Count
            </th>
          </tr>
        </thead>
        <tbody>
          {props.distribution.map((count, i) => {
            const share = props.total ? Math.round((100 * count) / props.total) : 0;
            const mine = props.mine === i + 1;
            return (
              <tr key={i} style={mine ? { background: "#eef2ff" } : undefined}>
                <th scope="row" style={{ fontWeight: 400 }}>
                  <strong>{i + 1}</strong> · {props.scaleLabels[i]}
                  {mine && (
                    <>
                      {" "}
                      <span className="badge open">your rating</span>
                    </>
                  )}
                </th>
                <td>
                  <div className="row" style={{ gap: "0.2rem 0.6rem" }}>
                    <span style={{ minWidth: "4.5rem" }}>
                      {count} <span className="muted small">({share}%)</span>
                    </span>
                    {/* A one-column .bars grid, so the bar's width is a share of the space left. */}
                    <div className="bars" style={{ gridTemplateColumns: "1fr", flex: "1 1 5rem" }} aria-hidden="true">
                      <div className="bar" style={{ width: `${share}%` }} />
                    </div>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
