package papertrends.topics;

import java.util.Arrays;

/** Optimal one-to-one assignment (Hungarian method, O(n^2 m)) on a rectangular cost matrix. */
public final class Hungarian {
  private Hungarian() {}

  /**
   * For each row, the column assigned to it at minimum total cost, or -1 when the matrix has
   * fewer columns than rows and the row is left out.
   */
  public static int[] assign(double[][] cost) {
    int rows = cost.length;
    if (rows == 0) {
      return new int[0];
    }
    int cols = cost[0].length;
    if (cols == 0) {
      int[] none = new int[rows];
      Arrays.fill(none, -1);
      return none;
    }
    if (rows > cols) {
      double[][] t = new double[cols][rows];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          t[j][i] = cost[i][j];
        }
      }
      int[] colToRow = assign(t);
      int[] out = new int[rows];
      Arrays.fill(out, -1);
      for (int j = 0; j < cols; j++) {
        out[colToRow[j]] = j;
      }
      return out;
    }
    int n = rows;
    int m = cols;
    double[] u = new double[n + 1];
    double[] v = new double[m + 1];
    int[] p = new int[m + 1];
    int[] way = new int[m + 1];
    for (int i = 1; i <= n; i++) {
      p[0] = i;
      int j0 = 0;
      double[] minv = new double[m + 1];
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      boolean[] used = new boolean[m + 1];
      do {
        used[j0] = true;
        int i0 = p[j0];
        int j1 = 0;
        double delta = Double.POSITIVE_INFINITY;
        for (int j = 1; j <= m; j++) {
          if (!used[j]) {
            double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
            if (cur < minv[j]) {
              minv[j] = cur;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= m; j++) {
          if (used[j]) {
            u[p[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (p[j0] != 0);
      do {
        int j1 = way[j0];
        p[j0] = p[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    int[] out = new int[n];
    Arrays.fill(out, -1);
    for (int j = 1; j <= m; j++) {
      if (p[j] != 0) {
        out[p[j] - 1] = j - 1;
      }
    }
    return out;
  }
}
