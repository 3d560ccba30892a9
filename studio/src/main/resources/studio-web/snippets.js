// The "view code" panel of a deployed App: the same call in curl, Java (java.net.http) and Python (requests).

const json = value => JSON.stringify(value);

export function snippets(url, body) {
  const payload = json(body);
  return {
    curl: `curl ${url} \\
  -H "Authorization: Bearer $HANLM_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '${payload.replaceAll("'", "'\\''")}'`,
    java: `import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class CallApp {
    public static void main(String[] args) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(${json(url)}))
                .header("Authorization", "Bearer " + System.getenv("HANLM_API_KEY"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(${json(payload)}))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        System.out.println(response.body());
    }
}`,
    python: `import os
import requests

response = requests.post(
    ${json(url)},
    headers={"Authorization": "Bearer " + os.environ["HANLM_API_KEY"]},
    json=${payload},
    timeout=300,
)
response.raise_for_status()
print(response.json()["output"])`,
  };
}
