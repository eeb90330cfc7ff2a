# One build for Sawmill's .NET images: `docker build --target silo .`, `--target dashboard`, `--target samples`
# (compose.yaml builds all three). The dashboard needs nothing beyond NuGet packages (MudBlazor).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo -c Release -o /out/silo \
 && dotnet publish src/Dashboard.Host -c Release -o /out/dashboard \
 && dotnet publish src/SampleServices -c Release -o /out/samples

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS silo
WORKDIR /app
COPY --from=build /out/silo .
ENV ASPNETCORE_URLS=http://0.0.0.0:5080 Silo__DataDirectory=/data
VOLUME /data
EXPOSE 5080 11111
HEALTHCHECK --interval=5s --timeout=3s --retries=30 CMD ["dotnet", "Sawmill.Silo.dll", "--health-probe"]
ENTRYPOINT ["dotnet", "Sawmill.Silo.dll"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS dashboard
WORKDIR /app
COPY --from=build /out/dashboard .
ENV ASPNETCORE_URLS=http://0.0.0.0:5090
EXPOSE 5090
ENTRYPOINT ["dotnet", "Sawmill.Dashboard.Host.dll"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS samples
WORKDIR /app
COPY --from=build /out/samples .
ENTRYPOINT ["dotnet", "Sawmill.SampleServices.dll"]
